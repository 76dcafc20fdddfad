using Azure.Data.Tables;
using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Storage.Tasks;

namespace Docket.Storage.Listing;

/// <summary>One listing row: its key (which sorts it) and its task.</summary>
public sealed record ListingRow(string RowKey, string TaskId);

/// <summary>What one range gave: its rows in order, and whether the range has nothing after them.</summary>
public sealed record ListingSlice(IReadOnlyList<ListingRow> Rows, bool Exhausted);

/// <summary>
/// Reads the Data Page's listing rows (see <see cref="TaskRows.ListingRowsOf"/>): ordered ranges, filtered by their
/// properties.
/// </summary>
public sealed class ListingIndex(DocketTables tables) : ITaskListings
{
    /// <summary>
    /// The request's ranges in every shard read at once, each up to a page after the position, merged in order.
    /// </summary>
    public async Task<ListingPage> ReadAsync(Project project, DataPageRequest request, string? assignee,
        string? after, CancellationToken cancellationToken)
    {
        var (ranges, filter) = ListingQueries.PlanOf(project, request, assignee);
        var slices = await Task.WhenAll(ranges.Select(async range =>
            (Range: range, Slice: await ReadAsync(project, range.Shard, range.Prefix,
                ListingQueries.AfterOf(after, range), filter, request.Limit, cancellationToken))));
        var merged = slices.SelectMany(s =>
                s.Slice.Rows.Select(row => new ListingEntry(row.RowKey[s.Range.Prefix.Length..], row.TaskId)))
            .OrderBy(e => e.Order, StringComparer.Ordinal)
            .ToList();
        var page = merged.Take(request.Limit).ToList();
        return new ListingPage(page, merged.Count > page.Count || slices.Any(s => !s.Slice.Exhausted));
    }

    /// <summary>The most entities Table Storage returns in one page of a query.</summary>
    const int MaxPageSize = 1000;

    /// <summary>
    /// The first <paramref name="take"/> rows of a shard's range after <paramref name="after"/> that pass the filter
    /// (an OData filter on the rows' properties, or null). Filtered rows cost what the service scans to find them.
    /// </summary>
    public async Task<ListingSlice> ReadAsync(Project project, int shard, string prefix, string? after, string? filter,
        int take, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var query = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey gt {after ?? prefix} and RowKey lt {TaskKeys.PrefixEnd(
                    prefix)}")
            + (filter is null ? "" : $" and ({filter})");
        var rows = new List<ListingRow>(Math.Min(take, MaxPageSize));
        await foreach (var page in tables.Tasks.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(take, MaxPageSize),
                           select: ["RowKey", "TaskId"], cancellationToken: cancellationToken).AsPages())
        {
            // The service may answer in short pages (a filter leaves few matches among what it scans): the range is
            // exhausted only when this page was the last and every row of it was taken.
            var taken = Math.Min(page.Values.Count, take - rows.Count);
            rows.AddRange(page.Values.Take(taken).Select(e => new ListingRow(e.RowKey, e.GetString("TaskId"))));
            if (rows.Count >= take)
                return new ListingSlice(rows, Exhausted: page.ContinuationToken is null && taken == page.Values.Count);
        }
        return new ListingSlice(rows, Exhausted: true);
    }
}
