using System.Text;
using Docket.Domain.Items;
using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>
/// Measures memory, so it runs alone: other tests allocating at the same time would blur the figure.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public sealed class ItemsFileErrorCapTests
{
    static string Entries(int count, string entry) => "[" + string.Join(",", Enumerable.Repeat(entry, count)) + "]";

    [Fact]
    public void At_most_the_first_1000_errors_are_listed_and_all_are_counted()
    {
        var result = Parse(Entries(1_500, """{ "items": "x" }"""));

        Assert.False(result.IsValid);
        Assert.Equal(1_500, result.ErrorCount);
        Assert.Equal(ItemsFileLimits.MaxListedErrors, result.Errors.Count);
        Assert.Equal(Enumerable.Range(0, 1_000), result.Errors.Select(e => e.Index!.Value));
        Assert.All(result.Errors, e => Assert.Equal(("name", "is required"), (e.Field, e.Message)));
    }

    [Fact]
    public void A_valid_file_counts_no_errors_and_a_file_error_counts_one()
    {
        Assert.Equal(0, Parse(OneEntry("")).ErrorCount);
        Assert.Equal(1, Parse("[ {").ErrorCount);
        Assert.Equal(1, Parse("[]").ErrorCount);
    }

    [Fact]
    public void A_file_of_millions_of_empty_entries_keeps_only_the_listed_errors_in_memory()
    {
        const int count = 2_000_000;
        var file = Encoding.UTF8.GetBytes(Entries(count, "{}"));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var result = ItemsFileParser.Parse(file, Rules);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        // Two errors an entry (no name, no series): four million, of which a thousand are kept.
        Assert.Equal(2 * count, result.ErrorCount);
        Assert.Equal(ItemsFileLimits.MaxListedErrors, result.Errors.Count);
        Assert.True(retained < 1_000_000, $"the result holds {retained:N0} bytes");
        GC.KeepAlive(result);
        GC.KeepAlive(file);
    }
}
