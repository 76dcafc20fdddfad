namespace Docket.Domain.Items;

/// <summary>
/// Sizes that keep one task within Azure Table Storage: an entity holds at most 1 MiB and a string property at
/// most 64 KiB (32,768 UTF-16 characters). The series is split across several properties; the other JSON fields
/// each fit one property. Together they leave room for the task's own fields.
/// </summary>
public static class ItemsFileLimits
{
    /// <summary>Characters (UTF-16 code units) of a task name.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>
    /// Problems listed for a file; the rest are only counted. Not a storage limit: it keeps the answer to a file
    /// of millions of bad entries (and the memory behind it) small.
    /// </summary>
    public const int MaxListedErrors = 1000;

    /// <summary>Characters of compact series JSON (800,000 bytes as stored, split across properties).</summary>
    public const int MaxSeriesJsonLength = 400_000;

    /// <summary>Characters of the entry's metaData object as compact JSON.</summary>
    public const int MaxMetaDataJsonLength = 30_000;

    /// <summary>Characters of the entry's classification as compact JSON.</summary>
    public const int MaxClassificationJsonLength = 30_000;
}
