using System.Text.Json;
using Docket.Contracts;

namespace Docket.Functions.OpenApi;

/// <summary>
/// One example of each main contract type, for the OpenAPI document: typed, so a renamed field cannot leave a stale
/// example behind, and checked against its own schema by a test.
/// </summary>
public static class ApiExamples
{
    static readonly DateTimeOffset Created = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);
    const string Lena = "lena@example.com";
    const string TaskId = "m3z2xq7kd4c5b6n7p8r9";

    static readonly DocketTask Task = new()
    {
        TaskId = TaskId,
        Name = "study01",
        StageName = "Label",
        Status = "ASSIGNED",
        Assignee = Lena,
        AssignedBy = "preAssign",
        Priority = 0.95m,
        CreatedAt = Created.AddMinutes(1),
        QueuedAt = Created.AddMinutes(1),
        UpdatedAt = Created.AddMinutes(2),
        Series = JsonDocument.Parse("""[{"name":"t1","items":"s3://imaging/study01/t1.nii.gz"}]""").RootElement,
        MetaData = new Dictionary<string, string> { ["site"] = "north" },
        PreAssign = new Dictionary<string, string> { ["Label"] = Lena },
        Classification = null,
        LastReview = null,
        LabeledAt = null,
        ReviewedAt = null,
        IssueComment = null,
        PendingMove = null,
    };

    static readonly StageCounts LabelCounts =
        new("Label", new Dictionary<string, long> { ["UNASSIGNED"] = 120, ["ASSIGNED"] = 5 }, 125);

    static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(Me)] = new Me(Lena, "Member", [new MyProject("brain-mri", "Member", ["Label"])]),
        [typeof(User)] = new User(Lena, "Member", Created),
        [typeof(IssuedApiKey)] = new IssuedApiKey("k7f3a9c2", "dk_live_3q8X…", Lena, Created),
        [typeof(UserInfo)] = new UserInfo(Lena, "Member", Created, false),
        [typeof(ApiKeyInfo)] = new ApiKeyInfo("k7f3a9c2", Created, Created.AddHours(3), null, null),
        [typeof(HealthReport)] = new HealthReport("Healthy", "Reachable"),
        [typeof(Project)] = new Project("brain-mri", "Brain MRI",
            [
                new ProjectStage("Label", "Label", true, 5),
                new ProjectStage("Review_1", "Review", true, 5, 1m),
                new ProjectStage("Ground Truth", "GroundTruth"),
            ], 60, 4, Created),
        [typeof(CreateProjectRequest)] = new CreateProjectRequest("brain-mri", "Brain MRI", 1) { QueueSize = 5 },
        [typeof(UpdateStageRequest)] = new UpdateStageRequest { ReviewPercent = 0.25m },
        [typeof(Member)] = new Member(Lena, "Member", ["Label"], Created.AddHours(1)),
        [typeof(PutMemberRequest)] = new PutMemberRequest(ProjectRole.Member) { Stages = ["Label"] },
        [typeof(DocketTask)] = Task,
        [typeof(TaskEvent)] = new TaskEvent("assigned", Lena, "auto", Created.AddMinutes(2),
            new Dictionary<string, string?> { ["stage"] = "Label", ["assignee"] = Lena }),
        [typeof(TaskPage)] = new TaskPage([Task], "eyJrIjoiMDAwMSJ9.c2ln"),
        [typeof(QueuePage)] = new QueuePage("Label", null, Lena, [Task], null),
        [typeof(AssignRequest)] = new AssignRequest([TaskId], Lena),
        [typeof(AssignOutcome)] = new AssignOutcome(TaskId, "study01", "Label", BulkOutcomes.Changed),
        [typeof(PriorityRequest)] = new PriorityRequest([new PriorityChange(TaskId, 0.5m)]),
        [typeof(PriorityOutcome)] = new PriorityOutcome(TaskId, "study01", 0.5m, BulkOutcomes.Changed),
        [typeof(MoveRequest)] = new MoveRequest([TaskId], "Review_1"),
        [typeof(MoveOutcome)] = new MoveOutcome(TaskId, "study01", "Label", "Review_1", BulkOutcomes.Refused,
            "the task is already moving to another stage"),
        [typeof(FinalizeRequest)] = new FinalizeRequest(ReviewDecision.Accept),
        [typeof(IssueRequest)] = new IssueRequest("The scan is cut off at slice 40."),
        [typeof(ItemsEntry)] = new ItemsEntry("study01")
        {
            Items = JsonDocument.Parse("\"s3://imaging/study01/t1.nii.gz\"").RootElement,
            MetaData = new Dictionary<string, string> { ["site"] = "north" },
            Priority = 0.95m,
        },
        [typeof(UploadDone)] = new UploadDone([new UploadedTask(TaskId, "study01")], []),
        [typeof(UploadAccepted)] = new UploadAccepted("5f0c6a2d9b8e4f1a8c3d2e1f0a9b8c7d", "Ingesting", 12000),
        [typeof(UploadStatus)] = new UploadStatus("5f0c6a2d9b8e4f1a8c3d2e1f0a9b8c7d", "Ingesting", 12000, 4000, 0,
            12, 4,
            Created.AddMinutes(1), null, []),
        [typeof(RebalanceReport)] = new RebalanceReport("brain-mri", 40, 3, 1, 2, 0, 0, 85),
        [typeof(ProjectStats)] = new ProjectStats("brain-mri", [LabelCounts], null),
        [typeof(ReindexRun)] = new ReindexRun("brain-mri", "r-20261125", "Running", false, Created, null,
            Created.AddSeconds(30), 2000, 4, 1),
        [typeof(ProjectCheck)] = new ProjectCheck("brain-mri", Created, 125,
            [new TaskCount("Label", "UNASSIGNED", 120), new TaskCount("Label", "ASSIGNED", 5)], 0, [], 0, 0),
        [typeof(Problem)] = new Problem(ProblemCodes.TypeOf(ProblemCodes.Validation), "The request is invalid", 400,
            "1 problem found; nothing was changed.")
        {
            Code = ProblemCodes.Validation,
            Errors = [new FieldError("priority", "must be between 0 and 1", 3, "too-high")],
        },
    };

    /// <summary>The example of a contract type, if it has one.</summary>
    public static object? Of(Type type) => Examples.GetValueOrDefault(type);
}
