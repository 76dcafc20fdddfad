using Docket.Domain.Projects;

namespace Docket.Domain.Items;

/// <summary>
/// What the parser needs to know about the target project. Membership is passed as a function so the parser
/// stays pure and the caller decides how members are loaded.
/// </summary>
public sealed class ItemsFileRules
{
    public required Workflow Workflow { get; init; }

    /// <summary>
    /// Normalized email, stage name → whether that person may be preassigned there. Asked at most once per person
    /// and stage for a file, however many entries name them.
    /// </summary>
    public required Func<string, string, PreAssignCheck> CheckAssignee { get; init; }
}
