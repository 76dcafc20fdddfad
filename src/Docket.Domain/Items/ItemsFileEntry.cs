using Docket.Domain.Tasks;

namespace Docket.Domain.Items;

/// <summary>One valid entry of an items file: everything needed to create one task.</summary>
/// <param name="Index">The entry's 0-based position in the file, so results can point back to it.</param>
/// <param name="SeriesJson">
/// The series array as compact JSON. The legacy form (<c>items</c> at the entry level) becomes
/// <c>[{"items":…}]</c>, so that readers only ever see one shape. Every series field is kept token for token,
/// because viewers rely on fields (segmentations, masks, …) that Docket itself never interprets.
/// </param>
/// <param name="MetaData">Empty when the entry has none.</param>
/// <param name="Priority">Null when absent or JSON null.</param>
/// <param name="PreAssign">Stage name → normalized (lower-case) email.</param>
/// <param name="ClassificationJson">Compact JSON, null when absent.</param>
public sealed record ItemsFileEntry(
    int Index,
    string Name,
    string SeriesJson,
    IReadOnlyDictionary<string, string> MetaData,
    Priority? Priority,
    IReadOnlyDictionary<string, string> PreAssign,
    string? ClassificationJson);
