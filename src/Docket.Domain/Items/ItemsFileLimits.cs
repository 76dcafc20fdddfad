namespace Docket.Domain.Items;

/// <summary>
/// Sizes that keep one task within Azure Table Storage: an entity holds at most 1 MiB and a string property at
/// most 64 KiB (32,768 UTF-16 characters). The series is split across several properties; the other JSON fields
/// each fit one property. Together they leave room for the task's own fields.
/// </summary>
public static class ItemsFileLimits
{
    public const int MaxNameLength = 500;

    /// <summary>Characters of compact series JSON (800,000 bytes as stored, split across properties).</summary>
    public const int MaxSeriesJsonLength = 400_000;

    /// <summary>Characters of the entry's metaData object as compact JSON.</summary>
    public const int MaxMetaDataJsonLength = 30_000;

    /// <summary>Characters of the entry's classification as compact JSON.</summary>
    public const int MaxClassificationJsonLength = 30_000;
}
