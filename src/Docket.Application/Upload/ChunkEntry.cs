using Docket.Domain.Items;
using Docket.Domain.Tasks;

namespace Docket.Application.Upload;

/// <summary>A validated entry as stored in a chunk blob, with its position in the original file.</summary>
public sealed record ChunkEntry(
    int Index, string Name, string Series, Dictionary<string, string> MetaData, long? Priority,
    Dictionary<string, string> PreAssign, string? Classification)
{
    public static ChunkEntry From(ItemsFileEntry entry) =>
        new(entry.Index, entry.Name, entry.SeriesJson, entry.MetaData.ToDictionary(),
        entry.Priority?.Billionths, entry.PreAssign.ToDictionary(), entry.ClassificationJson);

    public ItemsFileEntry ToEntry() => new(Index, Name, Series, MetaData,
        Priority is { } billionths ? Domain.Tasks.Priority.FromBillionths(billionths) : null, PreAssign,
        Classification);
}

/// <summary>The queue message that asks for one chunk of an upload to be ingested.</summary>
public sealed record UploadChunkMessage(string UploadId, int Chunk);
