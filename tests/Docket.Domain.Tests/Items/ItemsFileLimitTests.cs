using Docket.Domain.Items;
using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>Sizes that keep a task within one Table Storage entity.</summary>
public sealed class ItemsFileLimitTests
{
    [Fact]
    public void Series_json_at_the_limit_is_accepted_and_one_character_more_is_not()
    {
        // [{"items":"…"}] is 14 characters around the item.
        var atLimit = new string('s', ItemsFileLimits.MaxSeriesJsonLength - 14);
        Assert.Equal(
            ItemsFileLimits.MaxSeriesJsonLength,
            SingleEntry(OneEntryOf($$""" "name": "e", "series": [ { "items": "{{atLimit}}" } ] """)).SeriesJson.Length);

        var error = SingleError(OneEntryOf($$""" "name": "e", "series": [ { "items": "{{atLimit}}s" } ] """));
        Assert.Equal(("e", "series"), (error.Name, error.Field));
        Assert.Equal("is too large: 400001 characters of JSON, at most 400000 are allowed", error.Message);
    }

    [Fact]
    public void Legacy_items_are_measured_as_the_series_they_become()
    {
        var items = new string('s', ItemsFileLimits.MaxSeriesJsonLength - 13);

        var error = SingleError(OneEntryOf($$""" "name": "e", "items": "{{items}}" """));

        Assert.Equal("items", error.Field);
        Assert.Contains("at most 400000", error.Message);
    }

    [Fact]
    public void Metadata_over_its_limit_is_an_error()
    {
        // {"k":"…"} is 8 characters around the value.
        var value = new string('m', ItemsFileLimits.MaxMetaDataJsonLength - 8);
        Assert.Single(SingleEntry(OneEntry($$""" "metaData": { "k": "{{value}}" } """)).MetaData);

        var error = SingleError(OneEntry($$""" "metaData": { "k": "{{value}}m" } """));
        Assert.Equal(("metaData", "is too large: 30001 characters of JSON, at most 30000 are allowed"),
            (error.Field, error.Message));
    }

    [Fact]
    public void Classification_over_its_limit_is_an_error()
    {
        var value = new string('c', ItemsFileLimits.MaxClassificationJsonLength - 2);
        Assert.Equal(
            ItemsFileLimits.MaxClassificationJsonLength,
            SingleEntry(OneEntry($$""" "classification": "{{value}}" """)).ClassificationJson!.Length);

        var error = SingleError(OneEntry($$""" "classification": "{{value}}c" """));
        Assert.Equal(("classification", "is too large: 30001 characters of JSON, at most 30000 are allowed"),
            (error.Field, error.Message));
    }

    [Fact]
    public void Limits_are_measured_on_the_compact_json()
    {
        var value = new string('c', ItemsFileLimits.MaxClassificationJsonLength - 4);
        var padded = "[\n" + new string(' ', 10_000) + "\"" + value + "\"\n]";

        Assert.Equal(ItemsFileLimits.MaxClassificationJsonLength,
            SingleEntry(OneEntry($$""" "classification": {{padded}} """)).ClassificationJson!.Length);
    }
}
