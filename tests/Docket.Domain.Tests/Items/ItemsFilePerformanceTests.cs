using System.Diagnostics;
using System.Text;
using Docket.Domain.Items;
using Xunit.Abstractions;

namespace Docket.Domain.Tests.Items;

/// <summary>
/// A large file parses completely and exactly. How fast is measured by the upload benchmark (bench/), not here:
/// a timed assertion fails on a busy machine without telling anything about the code.
/// </summary>
public sealed class ItemsFilePerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void A_100000_entry_file_parses_whole_and_exact()
    {
        const int count = 100_000;
        var file = new StringBuilder("[\n");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                file.Append(",\n");
            file.Append($$$"""{"name":"study-{{{i:D6}}}","series":[{"name":"t1","items":"s3://imaging/study-{{{i:D6}}}/t1.nii.gz","metaData":{"sequence":"T1"}},{"name":"flair","items":["https://pacs.example.com/study-{{{i:D6}}}/1.dcm","https://pacs.example.com/study-{{{i:D6}}}/2.dcm"]}],"metaData":{"site":"north","patientAge":"{{{i % 90}}}"},"priority":0.{{{i:D6}}}001,"preAssign":{"Label":"lena@example.com","Review_1":["rami@example.com"]}}""");
        }
        file.Append("\n]");
        var bytes = Encoding.UTF8.GetBytes(file.ToString());
        Assert.True(bytes.Length > 30_000_000, $"the file is only {bytes.Length} bytes");

        var stopwatch = Stopwatch.StartNew();
        var result = ItemsFileParser.Parse(bytes, ItemsFiles.Rules);
        stopwatch.Stop();
        output.WriteLine($"{bytes.Length} bytes, {count} entries: parsed in {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Take(5)));
        Assert.Equal(count, result.Entries.Count);
        Assert.Equal(12_345_001, result.Entries[12_345].Priority!.Value.Billionths);
    }
}
