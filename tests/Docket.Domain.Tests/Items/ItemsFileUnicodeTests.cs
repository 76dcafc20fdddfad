using System.Text;
using System.Text.Json;
using Docket.Domain.Items;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>
/// Text outside the Basic Multilingual Plane is measured as it will be stored; escapes that are no character (a lone
/// surrogate) are errors naming their entry and field.
/// </summary>
public sealed class ItemsFileUnicodeTests
{
    const string Emoji = "\U0001F600";

    [Theory]
    [InlineData(""" "name": "a\ud800" """, "name")]
    [InlineData(""" "name": "a", "metaData": { "k": "\udfff x" } """, "metaData.k")]
    [InlineData(""" "name": "a", "series": [ { "items": "s3://b/\ud800" } ] """, "series[0].items")]
    [InlineData(""" "name": "a", "metaData": { "\ud800": "v" } """, "metaData")]
    public void A_lone_surrogate_escape_is_an_error_naming_its_field(string fields, string field)
    {
        var result = Parse(OneEntryOf(fields));

        var error = Assert.Single(result.Errors);
        Assert.Equal((0, field, JsonUnicode.LoneSurrogateMessage), (error.Index, error.Field, error.Message));
        Assert.Empty(result.Entries);
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_one_character_and_accepted()
    {
        var entry = SingleEntry(OneEntryOf(
            """ "name": "smile \ud83d\ude00", "series": [ { "items": "s" } ], "metaData": { "k": "\ud83d\ude00" } """));

        Assert.Equal("smile " + Emoji, entry.Name);
        Assert.Equal(Emoji, entry.MetaData["k"]);
    }

    [Fact]
    public void Metadata_of_emoji_is_measured_as_stored_and_the_stored_text_fits_the_limit()
    {
        // 14,000 emoji: 56,000 bytes of UTF-8 and 28,000 UTF-16 characters; escaped as System.Text.Json escapes
        // them they would be 168,000 characters, far over a 64 KiB property.
        var value = string.Concat(Enumerable.Repeat(Emoji, 14_000));
        var entry = SingleEntry(OneEntry($$""" "metaData": { "k": "{{value}}" } """));

        var stored = MetaDataJson.Write(entry.MetaData);
        Assert.True(stored.Length <= ItemsFileLimits.MaxMetaDataJsonLength, $"{stored.Length} characters stored");
        Assert.Equal(value, JsonSerializer.Deserialize<Dictionary<string, string>>(stored)!["k"]);

        var tooMany = string.Concat(Enumerable.Repeat(Emoji, 15_000));
        var error = SingleError(OneEntry($$""" "metaData": { "k": "{{tooMany}}" } """));
        Assert.Equal(("metaData", "is too large: 30008 characters of JSON, at most 30000 are allowed"),
            (error.Field, error.Message));
    }

    [Fact]
    public void Stored_metadata_round_trips_and_is_never_longer_than_the_json_it_came_from()
    {
        const string raw = """{"quote":"a\"b","slash":"c\\d","lines":"e\nf\tg","bell":"\u0007","ü":"ß","e":"😀"}""";
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(raw)!;

        var stored = MetaDataJson.Write(values);

        Assert.Equal(values, JsonSerializer.Deserialize<Dictionary<string, string>>(stored));
        Assert.True(stored.Length <= raw.Length, stored);
        Assert.Contains("😀", stored);
        Assert.True(Encoding.UTF8.GetByteCount(stored) <= Encoding.UTF8.GetByteCount(raw));
    }

    [Theory]
    [InlineData("a.json", null)]
    [InlineData("batch/2026/a.json", null)]
    [InlineData("../other/a.json", "must not have empty, '.' or '..' segments")]
    [InlineData("a/../../b.json", "must not have empty, '.' or '..' segments")]
    [InlineData("a//b.json", "must not have empty, '.' or '..' segments")]
    [InlineData("a\\b.json", "must use '/' between folders, not '\\'")]
    [InlineData("a\u0001.json", "must not contain control characters")]
    [InlineData("", "must be 1-960 characters")]
    public void Drop_paths_that_could_leave_the_project_folder_are_refused(string path, string? problem)
    {
        Assert.Equal(problem, DropPath.Problem(path));
    }
}
