using Docket.Application.DataPage;
using Docket.Application.Ports;

namespace Docket.Application.Upload;

/// <summary>A page of a project's large uploads, newest first, and where the next page starts.</summary>
public sealed record UploadListPage(IReadOnlyList<UploadView> Uploads, string? NextCursor);

/// <summary>
/// A project's large uploads, newest first: a range of the project's list rows, then each upload's record (one
/// read each, so a page costs what it shows); an upload whose record has expired is left out.
/// </summary>
public sealed class UploadList(IUploadStore uploads, ItemsIngestion ingestion, CursorProtector cursors)
{
    public const int MaxLimit = 100;

    /// <returns>The page, or null when the cursor is not one this list gave for the project.</returns>
    public async Task<UploadListPage?> ReadAsync(string projectId, string? cursor, int limit,
        CancellationToken cancellationToken)
    {
        var scope = $"uploads|{projectId}";
        string? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;
        var rows = await uploads.ListIdsAsync(projectId, after, limit, cancellationToken);
        var page = rows.Take(limit).ToList();
        var views = await Task.WhenAll(page.Select(r => ingestion.DescribeAsync(projectId, r.UploadId,
            cancellationToken)));
        return new UploadListPage(views.OfType<UploadView>().ToList(),
            rows.Count > limit ? cursors.Protect(scope, page[^1].Position) : null);
    }
}
