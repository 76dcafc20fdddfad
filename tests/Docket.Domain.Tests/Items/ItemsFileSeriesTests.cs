using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>Series, their items, and the legacy entry-level items form.</summary>
public sealed class ItemsFileSeriesTests
{
    [Theory]
    [InlineData("""[ { "items": "s3://b/1" } ]""")]
    [InlineData("""[ { "items": ["s3://b/1"] } ]""")]
    [InlineData("""[ { "items": ["s3://b/1", "s3://b/2"] }, { "items": "s3://b/3" } ]""")]
    [InlineData("""[ { "items": ["x", "\u0041", "\u00e9"] } ]""")]
    public void Series_items_may_be_a_string_or_a_list_of_strings(string series)
    {
        var entry = SingleEntry(OneEntryOf($$""" "name": "e", "series": {{series}} """));

        Assert.Equal(series.Replace(" ", ""), entry.SeriesJson);
    }

    [Theory]
    [InlineData("""{ "items": "x" }""", "series", "must be a list of series objects")]
    [InlineData("\"x\"", "series", "must be a list of series objects")]
    [InlineData("[]", "series", "must not be empty")]
    [InlineData("[ 1 ]", "series[0]", "must be an object")]
    [InlineData("""[ { "items": "x" }, "y" ]""", "series[1]", "must be an object")]
    [InlineData("""[ { "name": "t1" } ]""", "series[0].items", "is required")]
    [InlineData("""[ { "items": null } ]""", "series[0].items", "is required")]
    [InlineData("""[ { "items": "" } ]""", "series[0].items", "must not be empty")]
    [InlineData("""[ { "items": "  " } ]""", "series[0].items", "must not be empty")]
    [InlineData("""[ { "items": "\u0020\t" } ]""", "series[0].items", "must not be empty")]
    [InlineData("""[ { "items": "\u3000" } ]""", "series[0].items", "must not be empty")]
    [InlineData("""[ { "items": ["a", "\u0020\u0020"] } ]""", "series[0].items[1]", "must be a non-empty string")]
    [InlineData("""[ { "items": [] } ]""", "series[0].items", "must not be empty")]
    [InlineData("""[ { "items": 5 } ]""", "series[0].items", "must be a string or a list of strings")]
    [InlineData("""[ { "items": { "url": "x" } } ]""", "series[0].items", "must be a string or a list of strings")]
    [InlineData("""[ { "items": "x" }, { "items": ["a", ""] } ]""", "series[1].items[1]", "must be a non-empty string")]
    [InlineData("""[ { "items": ["a", 2] } ]""", "series[0].items[1]", "must be a non-empty string")]
    [InlineData("""[ { "items": "x", "items": "y" } ]""", "series[0].items", "appears more than once in the series")]
    public void Invalid_series_are_reported_with_their_path(string series, string field, string message)
    {
        var error = SingleError(OneEntryOf($$""" "name": "e", "series": {{series}} """));

        Assert.Equal((0, "e", field, message), (error.Index, error.Name, error.Field, error.Message));
    }

    [Fact]
    public void Every_bad_item_is_reported()
    {
        var result = Parse(OneEntryOf(""" "name": "e", "series": [ { "items": ["", "ok", 3, null] } ] """));

        Assert.Equal(["series[0].items[0]", "series[0].items[2]", "series[0].items[3]"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Extra_series_fields_are_kept_verbatim()
    {
        const string series = """
            [{"name":"t1","items":["s3://b/t1.nii.gz"],"segmentations":[{"label":"tum\u00e9ur","value":1.50,"color":"#ff0000"}],
            "segmentMap":{"1":{"category":"Liver","attributes":[]}},"masks":"s3://b/mask.nii.gz","metaData":{"n":null},
            "annotations":[true,false,1e-3,-0,{"deep":[[["x\"y\\z"]]]}]}]
            """;

        var entry = SingleEntry(OneEntryOf($$""" "name": "e", "series": {{series}} """));

        Assert.Equal(series.Replace("\n", ""), entry.SeriesJson);
    }

    [Fact]
    public void Series_json_is_compact_but_whitespace_inside_strings_stays()
    {
        var entry = SingleEntry("""
            [
              {
                "name": "e",
                "series": [
                  {
                    "name": "T1 weighted\tscan",
                    "items": [ "s3://b/a file.nii.gz" ]
                  }
                ]
              }
            ]
            """);

        Assert.Equal("""[{"name":"T1 weighted\tscan","items":["s3://b/a file.nii.gz"]}]""", entry.SeriesJson);
    }

    [Theory]
    [InlineData("\"s3://b/img.png\"", """[{"items":"s3://b/img.png"}]""")]
    [InlineData("""[ "https://h/a.dcm", "https://h/b.dcm" ]""",
        """[{"items":["https://h/a.dcm","https://h/b.dcm"]}]""")]
    public void Legacy_items_become_a_single_series(string items, string seriesJson)
    {
        var entry = SingleEntry(OneEntryOf($$""" "name": "legacy", "items": {{items}}, "priority": 0.25 """));

        Assert.Equal(seriesJson, entry.SeriesJson);
        Assert.Equal(250_000_000, entry.Priority!.Value.Billionths);
    }

    [Theory]
    [InlineData("[]", "items", "must not be empty")]
    [InlineData("\"\"", "items", "must not be empty")]
    [InlineData("3", "items", "must be a string or a list of strings")]
    [InlineData("""[ "a", "" ]""", "items[1]", "must be a non-empty string")]
    public void Legacy_items_follow_the_same_rules(string items, string field, string message)
    {
        var error = SingleError(OneEntryOf($$""" "name": "legacy", "items": {{items}} """));

        Assert.Equal(("legacy", field, message), (error.Name, error.Field, error.Message));
    }

    [Fact]
    public void Series_or_legacy_items_is_required()
    {
        var error = SingleError(OneEntryOf(""" "name": "e", "metaData": {} """));

        Assert.Equal(("series", "is required (or the legacy items field)"), (error.Field, error.Message));
    }

    [Fact]
    public void Series_and_legacy_items_together_are_an_error_and_both_are_still_checked()
    {
        var result = Parse(OneEntryOf(""" "name": "e", "series": [ { "items": [] } ], "items": "" """));

        Assert.Equal(
            new[]
            {
                ("series", "give either series or the legacy items field, not both"),
                ("series[0].items", "must not be empty"),
                ("items", "must not be empty"),
            },
            result.Errors.Select(e => (e.Field, e.Message)));
    }
}
