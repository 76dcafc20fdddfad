using System.Text;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using static Docket.Domain.Tests.Items.ItemsFiles;

namespace Docket.Domain.Tests.Items;

public sealed class ItemsFilePreAssignTests
{
    [Fact]
    public void PreAssign_maps_stages_to_normalized_emails()
    {
        var entry = SingleEntry(
            OneEntry(""" "preAssign": { "Label": " Lena@Example.COM ", "Review_1": ["rami@example.com"] } """));

        Assert.Equal(
            new Dictionary<string, string> { ["Label"] = "lena@example.com", ["Review_1"] = "rami@example.com" },
            entry.PreAssign);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""" "preAssign": null """)]
    [InlineData(""" "preAssign": {} """)]
    [InlineData(""" "preAssign": { "Label": null } """)]
    public void PreAssign_is_empty_when_absent(string fields)
    {
        Assert.Empty(SingleEntry(OneEntry(fields)).PreAssign);
    }

    [Fact]
    public void The_rules_are_asked_once_per_person_and_stage_with_the_normalized_email()
    {
        var asked = new List<(string, string)>();
        var rules = new ItemsFileRules
        {
            Workflow = Workflow.WithReviewStages(2),
            CheckAssignee = (email, stage) =>
            {
                asked.Add((email, stage));
                return PreAssignCheck.Ok;
            },
        };

        var result = ItemsFileParser.Parse(Encoding.UTF8.GetBytes("""
            [
              { "name": "a", "items": "x", "preAssign": { "Review_2": "Ada@Example.com" } },
              { "name": "b", "items": "x", "preAssign": { "Review_2": "Ada@Example.com", "Label": "ada@example.com" } },
              { "name": "c", "items": "x", "preAssign": { "Review_2": "ada@example.com" } }
            ]
            """), rules);

        Assert.True(result.IsValid);
        Assert.Equal([("ada@example.com", "Review_2"), ("ada@example.com", "Label")], asked);
        Assert.All(result.Entries, e => Assert.Equal("ada@example.com", e.PreAssign["Review_2"]));
    }

    [Theory]
    [InlineData(""" "Labelling": "lena@example.com" """, "preAssign.Labelling",
        "stage 'Labelling' does not exist in the project's workflow (its stages are Label, Review_1)")]
    [InlineData(""" "label": "lena@example.com" """, "preAssign.label",
        "stage 'label' does not exist in the project's workflow (its stages are Label, Review_1)")]
    [InlineData(""" "Review_2": "rami@example.com" """, "preAssign.Review_2",
        "stage 'Review_2' does not exist in the project's workflow (its stages are Label, Review_1)")]
    [InlineData(""" "Ground Truth": "lena@example.com" """, "preAssign.Ground Truth",
        "nobody can be preassigned to Ground Truth: tasks there are finished")]
    [InlineData(""" "Label": 5 """, "preAssign.Label", "must be an email or a list with one email")]
    [InlineData(""" "Label": { "email": "lena@example.com" } """, "preAssign.Label",
        "must be an email or a list with one email")]
    [InlineData(""" "Label": [5] """, "preAssign.Label", "must be an email or a list with one email")]
    [InlineData(""" "Label": ["lena@example.com", "rami@example.com"] """, "preAssign.Label",
        "at most one email per stage")]
    [InlineData(""" "Label": [] """, "preAssign.Label", "must not be an empty list")]
    [InlineData(""" "Label": "lena" """, "preAssign.Label", "'lena' is not a valid email address")]
    [InlineData(""" "Label": "" """, "preAssign.Label", "'' is not a valid email address")]
    [InlineData(""" "Label": "nobody@example.com" """, "preAssign.Label",
        "nobody@example.com is not a member of the project")]
    [InlineData(""" "Label": "rami@example.com" """, "preAssign.Label",
        "rami@example.com has no access to stage Label")]
    [InlineData(""" "Label": "lena@example.com", "Label": "lena@example.com" """, "preAssign.Label",
        "the stage appears more than once")]
    public void Invalid_preassignments_are_reported(string preAssign, string field, string message)
    {
        var error = SingleError(OneEntry($$""" "preAssign": { {{preAssign}} } """));

        Assert.Equal((0, "e", field, message), (error.Index, error.Name, error.Field, error.Message));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"lena@example.com\"")]
    public void PreAssign_must_be_an_object(string preAssign)
    {
        var error = SingleError(OneEntry($$""" "preAssign": {{preAssign}} """));

        Assert.Equal(("preAssign", "must be an object mapping stage names to an email"), (error.Field, error.Message));
    }

    [Fact]
    public void Every_stage_is_checked_and_an_unknown_stage_with_a_bad_email_gets_both_errors()
    {
        var result = Parse(OneEntry(""" "preAssign": { "Review_9": "not-an-email", "Label": "nobody@example.com", "Review_1": "rami@example.com" } """));

        Assert.Equal(
            new[]
            {
                ("preAssign.Review_9",
                    "stage 'Review_9' does not exist in the project's workflow (its stages are Label, Review_1)"),
                ("preAssign.Review_9", "'not-an-email' is not a valid email address"),
                ("preAssign.Label", "nobody@example.com is not a member of the project"),
            },
            result.Errors.Select(e => (e.Field, e.Message)));
    }
}
