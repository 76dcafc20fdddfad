using Docket.Application.DataPage;
using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>One listing entry of a Data Page: the position that orders it, and its task.</summary>
public sealed record ListingEntry(string Order, string TaskId);

/// <summary>The entries of a Data Page in order, and whether more follow them.</summary>
public sealed record ListingPage(IReadOnlyList<ListingEntry> Entries, bool More);

/// <summary>
/// The Data Page's listings: every task ordered for each search and sort, so a page costs what it returns whatever
/// the project holds.
/// </summary>
public interface ITaskListings
{
    /// <summary>
    /// Up to <paramref name="request"/>'s limit of listing entries after the order position <paramref name="after"/>
    /// (a previous page's last), of the tasks the request selects (a person's own when <paramref name="assignee"/>
    /// is set).
    /// </summary>
    Task<ListingPage> ReadAsync(Project project, DataPageRequest request, string? assignee, string? after,
        CancellationToken cancellationToken);
}
