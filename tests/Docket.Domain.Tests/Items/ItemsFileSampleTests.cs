using Docket.Domain.Items;
using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.Items;

/// <summary>The sample files shipped with the product documentation (inlined, so the tests stand alone).</summary>
public sealed class ItemsFileSampleTests
{
    const string ItemsSmall = """
        [
          {
            "name": "study01",
            "series": [
              { "name": "t1", "items": "s3://imaging/study01/t1.nii.gz", "metaData": { "sequence": "T1" } },
              { "name": "flair", "items": "s3://imaging/study01/flair.nii.gz" }
            ],
            "metaData": { "site": "north", "patientAge": "54" },
            "priority": 0.95,
            "preAssign": { "Label": "lena@example.com", "Review_1": "rami@example.com" }
          },
          {
            "name": "study02",
            "series": [ { "items": ["https://pacs.example.com/study02/1.dcm", "https://pacs.example.com/study02/2.dcm"] } ],
            "priority": 0.5
          },
          {
            "name": "study03",
            "series": [ { "items": "s3://imaging/study03/ct.nii.gz" } ],
            "priority": 0.123456789
          },
          {
            "name": "study04",
            "series": [ { "items": "s3://imaging/study04/ct.nii.gz" } ]
          },
          {
            "name": "xray-legacy-05",
            "items": ["https://cdn.example.com/xray/05.png"]
          }
        ]
        """;

    const string ItemsInvalid = """
        [
          { "name": "ok-entry", "series": [ { "items": "s3://imaging/ok.nii.gz" } ] },
          { "series": [ { "items": "s3://imaging/no-name.nii.gz" } ] },
          { "name": "empty-items", "series": [ { "items": [] } ] },
          { "name": "too-high", "series": [ { "items": "s3://x/1" } ], "priority": 1.5 },
          { "name": "not-a-number", "series": [ { "items": "s3://x/2" } ], "priority": "high" },
          { "name": "bad-stage", "series": [ { "items": "s3://x/3" } ], "preAssign": { "Labelling": "lena@example.com" } },
          { "name": "stranger", "series": [ { "items": "s3://x/4" } ], "preAssign": { "Label": "nobody@example.com" } },
          { "name": "ok-entry", "series": [ { "items": "s3://imaging/dup.nii.gz" } ] }
        ]
        """;

    [Fact]
    public void Small_sample_parses_to_five_entries_with_exact_priorities_and_preassignments()
    {
        var result = ItemsFiles.Parse(ItemsSmall);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["study01", "study02", "study03", "study04", "xray-legacy-05"],
            result.Entries.Select(e => e.Name));
        Assert.Equal([0, 1, 2, 3, 4], result.Entries.Select(e => e.Index));
        Assert.Equal(
            new Priority?[] { Priority.FromBillionths(950_000_000), Priority.FromBillionths(500_000_000),
                Priority.FromBillionths(123_456_789), null, null },
            result.Entries.Select(e => e.Priority));

        var study01 = result.Entries[0];
        Assert.Equal(
            new Dictionary<string, string> { ["Label"] = "lena@example.com", ["Review_1"] = "rami@example.com" },
            study01.PreAssign);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "north", ["patientAge"] = "54" }, study01.MetaData);
        Assert.Equal(
            """[{"name":"t1","items":"s3://imaging/study01/t1.nii.gz","metaData":{"sequence":"T1"}},{"name":"flair","items":"s3://imaging/study01/flair.nii.gz"}]""",
            study01.SeriesJson);
        Assert.Null(study01.ClassificationJson);

        Assert.All(result.Entries.Skip(1), e => Assert.Empty(e.PreAssign));
        Assert.All(result.Entries.Skip(1), e => Assert.Empty(e.MetaData));
        Assert.Equal("""[{"items":["https://cdn.example.com/xray/05.png"]}]""", result.Entries[4].SeriesJson);
    }

    [Fact]
    public void Invalid_sample_reports_all_seven_problems_with_their_entries()
    {
        var result = ItemsFiles.Parse(ItemsInvalid);

        Assert.False(result.IsValid);
        Assert.Equal(
            new (int?, string?, string)[]
            {
                (1, null, "name"),
                (2, "empty-items", "series[0].items"),
                (3, "too-high", "priority"),
                (4, "not-a-number", "priority"),
                (5, "bad-stage", "preAssign.Labelling"),
                (6, "stranger", "preAssign.Label"),
                (7, "ok-entry", "name"),
            },
            result.Errors.Select(e => ((int?)e.Index, e.Name, e.Field)));
        Assert.Equal("is required", result.Errors[0].Message);
        Assert.Equal("must not be empty", result.Errors[1].Message);
        Assert.Equal("must be between 0 and 1", result.Errors[2].Message);
        Assert.Equal("must be a number", result.Errors[3].Message);
        Assert.Contains("'Labelling' does not exist", result.Errors[4].Message);
        Assert.Equal("nobody@example.com is not a member of the project", result.Errors[5].Message);
        Assert.Equal("duplicate of the entry at index 0", result.Errors[6].Message);
    }
}
