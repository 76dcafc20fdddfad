using System.Text;
using Docket.Domain.Items;
using Docket.Domain.Projects;

namespace Docket.Domain.Tests.Items;

/// <summary>
/// The project the samples assume: stages Label and Review_1; lena may work in Label, rami in Review_1, and
/// nobody else is a member.
/// </summary>
static class ItemsFiles
{
    public static readonly ItemsFileRules Rules = new()
    {
        Workflow = Workflow.WithReviewStages(1),
        CheckAssignee = (email, stage) => (email, stage) switch
        {
            ("lena@example.com", "Label") or ("rami@example.com", "Review_1") => PreAssignCheck.Ok,
            ("lena@example.com", _) or ("rami@example.com", _) => PreAssignCheck.NoStageAccess,
            _ => PreAssignCheck.NotMember,
        },
    };

    public static ItemsFileParseResult Parse(string json) => ItemsFileParser.Parse(Encoding.UTF8.GetBytes(json), Rules);

    /// <summary>A file with one otherwise valid entry named "e", with the given fields added.</summary>
    public static string OneEntry(string extraFields) =>
        $$"""[ { "name": "e", "series": [ { "items": "s3://bucket/e.nii.gz" } ]{{(extraFields == "" ? "" : ", " + extraFields)}} } ]""";

    /// <summary>A file with one entry made of exactly the given fields.</summary>
    public static string OneEntryOf(string fields) => $$"""[ { {{fields}} } ]""";

    public static ItemsFileEntry SingleEntry(string json)
    {
        var result = Parse(json);
        Assert.Empty(result.Errors);
        return Assert.Single(result.Entries);
    }

    public static ItemsFileError SingleError(string json)
    {
        var result = Parse(json);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }
}
