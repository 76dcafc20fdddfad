namespace Docket.Client;

/// <summary>The Data Page's search groups.</summary>
public enum TaskSearch
{
    All,
    Unassigned,
    Queued,
    Draft,
    Skipped,
    Completed,
    Failed,
    Issues,
    GroundTruth,
}

public enum TaskSort
{
    Queued,
    Recent,
}

/// <summary>A Data Page query; what is left null is not filtered on.</summary>
public sealed record TaskQuery
{
    public TaskSearch? Search { get; init; }
    public string? Stage { get; init; }
    public StageKind? StageKind { get; init; }
    /// <summary>An email, or "me".</summary>
    public string? Assignee { get; init; }
    /// <summary>Tasks whose name starts with this.</summary>
    public string? NamePrefix { get; init; }
    public TaskSort? Sort { get; init; }
    /// <summary>Tasks per page, 1 to 500 (the server's default is 50).</summary>
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}
