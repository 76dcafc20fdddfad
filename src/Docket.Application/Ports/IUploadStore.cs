using Docket.Application.Upload;

namespace Docket.Application.Ports;

/// <summary>
/// Large uploads: their records (<see cref="UploadRecord"/>) and chunk rows, changed under versions, and the files
/// that go with them — each chunk's entries, and the report a dropped file gets.
/// </summary>
public interface IUploadStore
{
    /// <summary>Creates the record with its chunk rows; false when one with its id exists already.</summary>
    Task<bool> TryCreateAsync(UploadRecord upload, IEnumerable<UploadChunk> chunks,
        CancellationToken cancellationToken);

    Task<(UploadRecord Upload, string Version)?> GetAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Replaces the record as it was read; false when it changed since.</summary>
    Task<bool> TryReplaceAsync(UploadRecord upload, string version, CancellationToken cancellationToken);

    /// <summary>Notes the upload as open (not finished) again, for the sweep to find.</summary>
    Task MarkOpenAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Notes a finished upload's clean-up done.</summary>
    Task MarkCleanedUpAsync(UploadRecord finished, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> records of uploads that finished before
    /// <paramref name="before"/>.</summary>
    Task<int> ExpireFinishedAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the project's upload ids, newest first, after <paramref name="after"/> (a position this list gave);
    /// one more than <paramref name="limit"/> when there are more.
    /// </summary>
    Task<IReadOnlyList<(string Position, string UploadId)>> ListIdsAsync(string projectId, string? after, int limit,
        CancellationToken cancellationToken);

    /// <summary>Uploads not finished, or finished and not cleaned up.</summary>
    Task<IReadOnlyList<UploadRecord>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Indexes records written before the open/finished indexes existed.</summary>
    Task<int> IndexLegacyRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Writes the chunk rows afresh (all not done, none sent).</summary>
    Task WriteChunkRowsAsync(string uploadId, IEnumerable<UploadChunk> chunks, CancellationToken cancellationToken);

    Task<IReadOnlyList<(UploadChunk Chunk, string Version)>> ReadChunksAsync(string uploadId,
        CancellationToken cancellationToken);

    /// <summary>Adds a chunk row; false when one exists.</summary>
    Task<bool> TryAddChunkAsync(string uploadId, UploadChunk chunk, CancellationToken cancellationToken);

    /// <summary>Replaces a chunk row as it was read; false when it changed since.</summary>
    Task<bool> TryReplaceChunkAsync(string uploadId, UploadChunk chunk, string version,
        CancellationToken cancellationToken);

    /// <summary>
    /// Changes a chunk row by <paramref name="change"/> (null: leave it), re-reading on a race; null when there is
    /// no row.
    /// </summary>
    Task<UploadChunk?> ChangeChunkAsync(string uploadId, int chunk, Func<UploadChunk, UploadChunk?> change,
        CancellationToken cancellationToken);

    /// <summary>Deletes a finished upload's chunk rows and files.</summary>
    Task DeleteChunksAsync(UploadRecord upload, CancellationToken cancellationToken);

    /// <summary>Stores one chunk's entries (JSON).</summary>
    Task WriteChunkAsync(string uploadId, int chunk, byte[] json, CancellationToken cancellationToken);

    /// <summary>One chunk's entries (JSON), or null when they were never stored.</summary>
    Task<byte[]?> ReadChunkAsync(string uploadId, int chunk, CancellationToken cancellationToken);

    /// <summary>Writes a dropped file's report (JSON) where the drop asked for it.</summary>
    Task WriteReportAsync(string reportBlob, byte[] json, CancellationToken cancellationToken);

    /// <summary>Whether the drop has its report already.</summary>
    Task<bool> HasReportAsync(string reportBlob, CancellationToken cancellationToken);

    /// <summary>
    /// A dropped file (by its name in the drops container, "{projectId}/{path}"), read only when it has at most
    /// <paramref name="limit"/> bytes: its size is checked before the download, and the download stops past the limit.
    /// </summary>
    Task<DroppedFile> ReadDropAsync(string name, long limit, CancellationToken cancellationToken);
}

/// <summary>What reading a dropped file found: nothing, a file too large to read (its size), or its bytes.</summary>
public sealed record DroppedFile(bool Found, long Size, ReadOnlyMemory<byte>? Content);
