using System.Text;
using Docket.Domain.Items;
using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

/// <summary>The file as a whole, entry names, and how errors are reported.</summary>
public sealed class ItemsFileParserTests
{
    [Fact]
    public void Malformed_json_is_one_file_error_naming_the_line_and_position()
    {
        var error = SingleError("""
            [
              { "name": "a",
                "series": [ } ] }
            ]
            """);

        Assert.Null(error.Index);
        Assert.Null(error.Name);
        Assert.Equal("$", error.Field);
        Assert.StartsWith("malformed JSON at line 3, position 17: ", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Theory]
    [InlineData("""[ { "name": "a", "items": "x" }""")]
    [InlineData("""[ { "name": "a", "items": "x" } ] ]""")]
    [InlineData("""[ { "name": "a", "items": "x" } ] { }""")]
    [InlineData("""[ { "name": "a", "items": "x" }, ]""")]
    [InlineData("[ { \"name\": \"a\", \"items\": \"x\" } // the only one\n]")]
    [InlineData("""[ { "name": 'a', "items": "x" } ]""")]
    [InlineData("""{ "name": "a", "items": """)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Files_that_are_not_json_are_malformed(string json)
    {
        var error = SingleError(json);

        Assert.Equal((null, null, "$"), (error.Index, error.Name, error.Field));
        Assert.StartsWith("malformed JSON at line ", error.Message);
    }

    [Fact]
    public void A_syntax_error_late_in_the_file_hides_the_problems_before_it()
    {
        var error = SingleError("""
            [
              { "name": "", "items": [] },
              { "name": "b", "items": "x" }
              { "name": "c", "items": "x" }
            ]
            """);

        Assert.StartsWith("malformed JSON at line 4, position 3: ", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_malformed_with_its_place()
    {
        var bytes = Encoding.UTF8.GetBytes("[\n  { \"name\": \"a?\", \"items\": \"x\" }\n]");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        var result = ItemsFileParser.Parse(bytes, Rules);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.Equal("malformed JSON at line 2, position 15: the file is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(OneEntry(""))).ToArray();

        var result = ItemsFileParser.Parse(bytes, Rules);

        Assert.True(result.IsValid);
        Assert.Single(result.Entries);
    }

    [Theory]
    [InlineData("""{ "name": "a", "items": "x" }""")]
    [InlineData("\"items\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Top_level_must_be_an_array(string json)
    {
        var error = SingleError(json);

        Assert.Null(error.Index);
        Assert.Equal("$", error.Field);
        Assert.Equal("the file must be a JSON array of entries", error.Message);
    }

    [Fact]
    public void Empty_array_is_an_error()
    {
        var error = SingleError("[]");

        Assert.Null(error.Index);
        Assert.Equal("$", error.Field);
        Assert.Equal("the file has no entries", error.Message);
    }

    [Fact]
    public void Entry_that_is_not_an_object_is_an_error_at_its_index()
    {
        var result = Parse("""[ { "name": "a", "items": "x" }, "b", [], null, 7 ]""");

        Assert.Equal([1, 2, 3, 4], result.Errors.Select(e => e.Index!.Value));
        Assert.All(result.Errors, e => Assert.Equal(("$", null, "must be an object"), (e.Field, e.Name, e.Message)));
    }

    [Theory]
    [InlineData("""  "series": [ { "items": "x" } ] """, "is required")]
    [InlineData(""" "name": null, "series": [ { "items": "x" } ] """, "is required")]
    [InlineData(""" "name": 12, "series": [ { "items": "x" } ] """, "must be a string")]
    [InlineData(""" "name": ["a"], "series": [ { "items": "x" } ] """, "must be a string")]
    [InlineData(""" "name": "", "series": [ { "items": "x" } ] """, "must not be empty or whitespace")]
    [InlineData(""" "name": " \t ", "series": [ { "items": "x" } ] """, "must not be empty or whitespace")]
    public void Name_is_a_required_non_blank_string(string fields, string message)
    {
        var error = SingleError(OneEntryOf(fields));

        Assert.Equal((0, null, "name", message), (error.Index, error.Name, error.Field, error.Message));
    }

    [Fact]
    public void Name_may_have_1024_characters_but_not_1025()
    {
        var longest = new string('n', 1024);
        Assert.Equal(longest, SingleEntry(OneEntryOf($$""" "name": "{{longest}}", "items": "x" """)).Name);

        var error = SingleError(OneEntryOf($$""" "name": "{{longest}}x", "items": "x" """));
        Assert.Equal((0, longest + "x", "name"), (error.Index, error.Name, error.Field));
        Assert.Equal("must be at most 1024 characters (it has 1025)", error.Message);
    }

    [Theory]
    [InlineData(@"bad\u0000name", "bad\u0000name", "U+0000", 4)]
    [InlineData(@"tab\there", "tab\there", "U+0009", 4)]
    [InlineData(@"two\nlines", "two\nlines", "U+000A", 4)]
    [InlineData(@"del\u007f", "del\u007f", "U+007F", 4)]
    [InlineData(@"\u0085next", "\u0085next", "U+0085", 1)]
    public void Name_with_a_control_character_is_refused_naming_the_entry(string json, string name,
        string code, int position)
    {
        var error = SingleError(OneEntryOf($$""" "name": "{{json}}", "items": "x" """));

        Assert.Equal((0, name, "name"), (error.Index, error.Name, error.Field));
        Assert.Equal($"must not contain control characters ({code} at position {position})", error.Message);
    }

    [Fact]
    public void An_entry_with_a_refused_name_is_named_in_its_other_errors_and_not_taken_for_a_duplicate()
    {
        var result = Parse("""
            [
              { "name": "a\u0001", "items": [] },
              { "name": "a\u0001", "items": "x" }
            ]
            """);

        Assert.Equal(
            [(0, "a\u0001", "name"), (0, "a\u0001", "items"), (1, "a\u0001", "name")],
            result.Errors.Select(e => (e.Index!.Value, e.Name, e.Field)));
    }

    [Fact]
    public void Name_is_kept_exactly_as_given()
    {
        Assert.Equal(" Study 01 ", SingleEntry(OneEntryOf(""" "name": " Study 01 ", "items": "x" """)).Name);
    }

    [Fact]
    public void Duplicate_names_are_reported_on_every_later_occurrence()
    {
        var result = Parse("""
            [
              { "name": "a", "items": "x" },
              { "name": "b", "items": "x" },
              { "name": "a", "items": "x" },
              { "name": "A", "items": "x" },
              { "name": "a", "items": "x" },
              { "name": "b", "items": "x" }
            ]
            """);

        Assert.Equal(
            new (int?, string?, string, string)[]
            {
                (2, "a", "name", "duplicate of the entry at index 0"),
                (4, "a", "name", "duplicate of the entry at index 0"),
                (5, "b", "name", "duplicate of the entry at index 1"),
            },
            result.Errors.Select(e => (e.Index, e.Name, e.Field, e.Message)));
    }

    [Fact]
    public void Every_problem_of_the_file_is_reported_each_with_its_entry()
    {
        var result = Parse("""
            [
              { "name": "first", "series": [ { "items": [] }, 5 ], "metaData": { "age": 54 }, "priority": "0.5",
                "preAssign": { "Label": "nobody@example.com", "Ground Truth": "lena@example.com" } },
              { "name": 3, "priority": 2 },
              { "name": "fine", "items": "x" }
            ]
            """);

        Assert.Equal(
            new (int?, string?, string)[]
            {
                (0, "first", "series[0].items"),
                (0, "first", "series[1]"),
                (0, "first", "metaData.age"),
                (0, "first", "priority"),
                (0, "first", "preAssign.Label"),
                (0, "first", "preAssign.Ground Truth"),
                (1, null, "name"),
                (1, null, "series"),
                (1, null, "priority"),
            },
            result.Errors.Select(e => (e.Index, e.Name, e.Field)));
        Assert.Equal(["fine"], result.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Unknown_entry_fields_are_ignored()
    {
        var entry = SingleEntry(OneEntry(""" "externalId": 17, "Priority": "high", "notes": { "by": "tool" } """));

        Assert.Equal("e", entry.Name);
        Assert.Null(entry.Priority);
    }

    [Fact]
    public void A_known_field_given_twice_in_an_entry_is_an_error()
    {
        var error = SingleError(OneEntryOf(""" "name": "e", "items": "x", "priority": 0.5, "priority": 0.7 """));

        Assert.Equal((0, "e", "priority", "appears more than once in the entry"),
            (error.Index, error.Name, error.Field, error.Message));
    }
}
