namespace Docket.Domain.Projects;

/// <summary>One step of a project's workflow.</summary>
public sealed record Stage(string Name, StageKind Kind, int Index)
{
    public const string NobodyWorksInGroundTruth = "nobody works in Ground Truth";
    public const string TaskInGroundTruth = "the task is in Ground Truth";

    public bool IsTerminal => Kind == StageKind.GroundTruth;

    /// <summary>
    /// Whether people work in the stage: every stage but Ground Truth. The one statement of that rule; access,
    /// assignment, members' stage lists and settings all ask it.
    /// </summary>
    public bool IsWorkStage => !IsTerminal;

    /// <summary><see cref="IsWorkStage"/> by name (Ground Truth's name is fixed).</summary>
    public static bool IsWorkStageName(string stageName) => stageName != Workflow.GroundTruthStage;
}

/// <summary>
/// The fixed shape of a project's workflow: <c>Label</c>, then <c>Review_1</c> … <c>Review_N</c> (0 ≤ N ≤ 6),
/// then the terminal <c>Ground Truth</c>.
/// </summary>
public sealed class Workflow
{
    public const string LabelStage = "Label";
    public const string GroundTruthStage = "Ground Truth";
    public const int MaxReviewStages = 6;

    Workflow(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }
    public int ReviewStageCount => Stages.Count - 2;
    public Stage First => Stages[0];
    public Stage GroundTruth => Stages[^1];

    /// <summary>Stages a person can work in (every stage but Ground Truth).</summary>
    public IEnumerable<Stage> WorkStages => Stages.Where(s => s.IsWorkStage);

    public static Workflow WithReviewStages(int reviewStages)
    {
        if (reviewStages is < 0 or > MaxReviewStages)
            throw new ArgumentOutOfRangeException(nameof(reviewStages), $"must be between 0 and {MaxReviewStages}");
        var stages = new List<Stage> { new(LabelStage, StageKind.Label, 0) };
        for (var i = 1; i <= reviewStages; i++)
            stages.Add(new Stage($"Review_{i}", StageKind.Review, i));
        stages.Add(new Stage(GroundTruthStage, StageKind.GroundTruth, reviewStages + 1));
        return new Workflow(stages);
    }

    /// <summary>Finds a stage by its exact name (stage names are case-sensitive, as in the items file).</summary>
    public Stage? Find(string name) => Stages.FirstOrDefault(s => s.Name == name);

    /// <summary>The stage after <paramref name="stage"/>; Ground Truth has none.</summary>
    public Stage? After(Stage stage) => stage.IsTerminal ? null : Stages[stage.Index + 1];
}
