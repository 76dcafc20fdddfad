using System.Text;
using Docket.Application.DataPage;
using Docket.Domain.DataPage;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;

namespace Docket.Storage.Listing;

/// <summary>
/// Which listing ranges a Data Page request reads, and the filter on their rows: a page is a merge of ordered
/// ranges — per shard, per listing the search needs — each asked for at most a page of rows after the cursor's
/// position in it. Filters the ranges do not express (stage, name prefix, sub-searches) are applied to the rows'
/// properties by storage, at the cost of the rows it scans. A person's own tasks come from their own listing.
/// </summary>
public static class ListingQueries
{
    /// <summary>What a request reads: its ranges (a prefix in a shard) and the filter on their rows.</summary>
    public sealed record Plan(IReadOnlyList<ListingRange> Ranges, string? Filter);

    /// <summary>
    /// The ranges and filter a request reads for <paramref name="assignee"/>'s tasks (everyone's when null);
    /// public so a benchmark can issue the same queries raw.
    /// </summary>
    public static Plan PlanOf(Project project, DataPageRequest request, string? assignee) =>
        new(Ranges(project, request, assignee), Filter(project, request, assignee));

    /// <summary>
    /// Where a range's next read starts: after the last row shown (<paramref name="last"/>, the cursor: its order key
    /// after the range's prefix), in this range's keys. Every range of a request shares one order, so one position
    /// serves them all; a task that moved into a range behind it (a change moved it ahead in the order) is not shown
    /// again.
    /// </summary>
    public static string? AfterOf(string? last, ListingRange range) => last is null ? null : range.Prefix + last;

    /// <summary>A range to read in one shard.</summary>
    public sealed record ListingRange(int Shard, string Prefix);

    /// <summary>Which listings a request reads, in every shard.</summary>
    static IReadOnlyList<ListingRange> Ranges(Project project, DataPageRequest request, string? assignee)
    {
        IEnumerable<string> prefixes;
        // Recent order is one listing of every task, a person's included (filtered by its rows' Assignee).
        if (request.Sort == TaskSort.Recent)
            prefixes = [TaskKeys.RecentListingPrefix(TaskRows.RecentKindKey(RecentKindOf(request.StageKind)))];
        else if (assignee is not null)
        {
            // A person's listing holds the tasks they hold: in a queue (Q) or with an issue open (I).
            var views = request.Search switch
            {
                TaskSearch.QUEUED or TaskSearch.DRAFT or TaskSearch.SKIPPED => "Q",
                TaskSearch.ISSUES => "I",
                TaskSearch.ALL or TaskSearch.FAILED => "QI",
                _ => "",
            };
            prefixes = views.Select(view => TaskKeys.PersonViewListingPrefix(assignee, view));
        }
        else
        {
            var views = request.Search switch
            {
                TaskSearch.UNASSIGNED => "U",
                TaskSearch.QUEUED or TaskSearch.DRAFT or TaskSearch.SKIPPED => "Q",
                TaskSearch.ISSUES => "I",
                TaskSearch.COMPLETED or TaskSearch.GROUNDTRUTH => "C",
                _ => "UQIC",
            };
            prefixes = views.Select(TaskKeys.ViewListingPrefix);
        }
        var list = prefixes.ToList();
        return Enumerable.Range(0, project.ShardCount)
            .SelectMany(shard => list.Select(prefix => new ListingRange(shard, prefix))).ToList();
    }

    /// <summary>
    /// The conditions on the rows' properties that the ranges do not already express; null when none.
    /// </summary>
    static string? Filter(Project project, DataPageRequest request, string? assignee)
    {
        var clauses = new List<string>();
        // Recent order reads one listing of every task: the search and the person are conditions on its rows.
        var byRecent = request.Sort == TaskSort.Recent;
        if (byRecent && assignee is not null) clauses.Add($"Assignee eq {Literal(assignee)}");
        switch (request.Search)
        {
            case TaskSearch.DRAFT:
                clauses.Add(AnyStatus(AnnotationTaskStatus.InProgress, AnnotationTaskStatus.Staged));
                break;
            case TaskSearch.SKIPPED: clauses.Add(AnyStatus(AnnotationTaskStatus.Skipped)); break;
            case TaskSearch.FAILED: clauses.Add($"LastReview eq '{ReviewOutcome.Failed}'"); break;
            case TaskSearch.UNASSIGNED when byRecent: clauses.Add(AnyStatus(AnnotationTaskStatus.Unassigned)); break;
            case TaskSearch.QUEUED when byRecent:
                clauses.Add(AnyStatus(AnnotationTaskStatus.Assigned, AnnotationTaskStatus.InProgress,
                    AnnotationTaskStatus.Staged, AnnotationTaskStatus.Skipped));
                break;
            case TaskSearch.ISSUES when byRecent: clauses.Add(AnyStatus(AnnotationTaskStatus.Problem)); break;
            case TaskSearch.COMPLETED or TaskSearch.GROUNDTRUTH when byRecent:
                clauses.Add(AnyStatus(AnnotationTaskStatus.Completed));
                break;
        }
        if (request.Stage is not null) clauses.Add($"Stage eq {Literal(request.Stage)}");
        // Queued sort: tasks now in a stage of that kind. (Recent sort reads the kind's own listing instead.)
        if (request.StageKind is { } kind && request.Sort == TaskSort.Queued)
            clauses.Add("(" + string.Join(" or ",
                project.Workflow.Stages.Where(s => s.Kind == kind).Select(s => $"Stage eq {Literal(s.Name)}")) + ")");
        if (request.NamePrefix is { Length: > 0 } prefix)
            clauses.Add($"Name ge {Literal(prefix)}"
                + (PrefixEnd(prefix) is { } end ? $" and Name lt {Literal(end)}" : ""));
        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    /// <summary>
    /// The first text after every text that starts with the prefix: its last character (a whole code point, never
    /// half a surrogate pair) made the next one, or null when there is none.
    /// </summary>
    static string? PrefixEnd(string prefix)
    {
        var last = Rune.GetRuneAt(prefix, prefix.Length - (char.IsLowSurrogate(prefix[^1]) ? 2 : 1));
        var next = last.Value + 1 == 0xD800 ? 0xE000 : last.Value + 1;
        return next > 0x10FFFF ? null : prefix[..^last.Utf16SequenceLength] + new Rune(next);
    }

    static RecentKind RecentKindOf(StageKind? kind) => kind switch
    {
        StageKind.Label => RecentKind.Label,
        StageKind.Review => RecentKind.Review,
        _ => RecentKind.Any,
    };

    static string AnyStatus(params AnnotationTaskStatus[] statuses) =>
        "(" + string.Join(" or ", statuses.Select(s => $"Status eq '{s}'")) + ")";

    static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
