using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>metaData, priority and classification.</summary>
public sealed class ItemsFileFieldTests
{
    [Fact]
    public void MetaData_is_read_as_strings()
    {
        var entry = SingleEntry(OneEntry(""" "metaData": { "patientAge": "54", "site": "north", "empty": "" } """));

        Assert.Equal(
            new Dictionary<string, string> { ["patientAge"] = "54", ["site"] = "north", ["empty"] = "" },
            entry.MetaData);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""" "metaData": null """)]
    public void MetaData_is_empty_when_absent(string fields)
    {
        Assert.Empty(SingleEntry(OneEntry(fields)).MetaData);
    }

    [Fact]
    public void MetaData_values_that_are_not_strings_are_each_reported()
    {
        var result = Parse(OneEntry(""" "metaData": { "age": 54, "site": "north", "tags": ["a"], "seen": null } """));

        Assert.Equal(["metaData.age", "metaData.tags", "metaData.seen"], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(("e", "must be a string"), (e.Name, e.Message)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"site=north\"")]
    [InlineData("5")]
    public void MetaData_must_be_an_object(string metaData)
    {
        var error = SingleError(OneEntry($$""" "metaData": {{metaData}} """));

        Assert.Equal(("metaData", "must be an object whose values are strings"), (error.Field, error.Message));
    }

    [Fact]
    public void MetaData_key_given_twice_is_an_error()
    {
        var error = SingleError(OneEntry(""" "metaData": { "site": "a", "site": "b" } """));

        Assert.Equal(("metaData.site", "appears more than once"), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1_000_000_000L)]
    [InlineData("1.0", 1_000_000_000L)]
    [InlineData("0.95", 950_000_000L)]
    [InlineData("0.123456789", 123_456_789L)]
    [InlineData("0.5000000000000", 500_000_000L)]
    [InlineData("1e-9", 1L)]
    [InlineData("5E-1", 500_000_000L)]
    [InlineData("-0", 0L)]
    [InlineData("0.3333333333333333", 333_333_333L)]
    [InlineData("0.1234567891", 123_456_789L)]
    [InlineData("0.0000000015", 2L)]
    [InlineData("1e-10", 0L)]
    [InlineData("0.99999999950", 1_000_000_000L)]
    public void Priority_is_read_from_the_number_text_and_rounded_to_the_billionth(string priority, long billionths)
    {
        var entry = SingleEntry(OneEntry($$""" "priority": {{priority}} """));

        Assert.Equal(billionths, entry.Priority!.Value.Billionths);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""" "priority": null """)]
    public void Priority_is_null_when_absent(string fields)
    {
        Assert.Null(SingleEntry(OneEntry(fields)).Priority);
    }

    [Theory]
    [InlineData("1.5", "must be between 0 and 1")]
    [InlineData("-0.1", "must be between 0 and 1")]
    [InlineData("1.000000001", "must be between 0 and 1")]
    [InlineData("1.0000000001", "must be between 0 and 1")]
    [InlineData("1e400", "must be between 0 and 1")]
    [InlineData("1.123456789e-2147483648", "must be a number between 0 and 1 with an exponent between -1000 and 1000")]
    [InlineData("\"0.5\"", "must be a number")]
    [InlineData("true", "must be a number")]
    [InlineData("[0.5]", "must be a number")]
    public void Invalid_priorities_are_reported(string priority, string message)
    {
        var error = SingleError(OneEntry($$""" "priority": {{priority}} """));

        Assert.Equal((0, "e", "priority", message), (error.Index, error.Name, error.Field, error.Message));
    }

    [Theory]
    [InlineData("""{"tumour":true,"grade":"II","scores":[0.10,2E3]}""")]
    [InlineData("""["a","b\u00e9"]""")]
    [InlineData("\"benign\"")]
    [InlineData("42.50")]
    [InlineData("false")]
    public void Classification_is_kept_verbatim(string classification)
    {
        var entry = SingleEntry(OneEntry($$""" "classification": {{classification}} """));

        Assert.Equal(classification, entry.ClassificationJson);
    }

    [Fact]
    public void Classification_is_stored_compact()
    {
        var entry = SingleEntry(OneEntry("""
            "classification": {
                "label": "a b",
                "values": [ 1, 2 ]
            }
            """));

        Assert.Equal("""{"label":"a b","values":[1,2]}""", entry.ClassificationJson);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""" "classification": null """)]
    public void Classification_is_null_when_absent(string fields)
    {
        Assert.Null(SingleEntry(OneEntry(fields)).ClassificationJson);
    }
}
