using Azure.Data.Tables;

namespace Docket.Storage.Tasks;

/// <summary>
/// The limits of one batch transaction — 100 entities and 4 MiB of request — and a size estimate that never
/// falls short: strings counted as the JSON the SDK sends, where a character outside ASCII may take six bytes.
/// </summary>
public static class BatchBudget
{
    public const int MaxRows = 100;

    /// <summary>Below the service's 4 MiB, leaving room for the multipart envelope.</summary>
    public const long MaxBytes = 3_500_000;

    /// <summary>
    /// Per entity: its part's headers, keys, ETag and the names and type annotations of small properties.
    /// </summary>
    const int EntityOverhead = 1024;

    /// <summary>An upper bound of the bytes an entity takes in a batch request.</summary>
    public static long EstimateBytes(TableEntity entity)
    {
        long bytes = EntityOverhead + JsonLength(entity.PartitionKey) + JsonLength(entity.RowKey);
        foreach (var (name, value) in entity)
            bytes += JsonLength(name) + 48 + (value is string text ? JsonLength(text) : 40);
        return bytes;
    }

    /// <summary>
    /// Splits items (each some entities that must travel together) into transactions within the limits.
    /// </summary>
    /// <param name="reservedRows">Entities each transaction adds besides the items' own (e.g. one counter change
    /// row).</param>
    public static IEnumerable<List<T>> Split<T>(IEnumerable<T> items,
        Func<T, IReadOnlyCollection<TableEntity>> entitiesOf, int reservedRows = 0)
    {
        var batch = new List<T>();
        var rows = reservedRows;
        long bytes = reservedRows * (long)EntityOverhead * 4;
        foreach (var item in items)
        {
            var entities = entitiesOf(item);
            var neededBytes = entities.Sum(EstimateBytes);
            if (batch.Count > 0 && (rows + entities.Count > MaxRows || bytes + neededBytes > MaxBytes))
            {
                yield return batch;
                batch = [];
                rows = reservedRows;
                bytes = reservedRows * (long)EntityOverhead * 4;
            }
            batch.Add(item);
            rows += entities.Count;
            bytes += neededBytes;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>
    /// Characters as JSON text: ASCII one byte (two when escaped), anything else at most six ("\uXXXX").
    /// </summary>
    static long JsonLength(string text)
    {
        long length = 2;
        foreach (var c in text)
            length += c switch
            {
                < ' ' => 6,
                '"' or '\\' => 2,
                < (char)0x7F => 1,
                _ => 6,
            };
        return length;
    }
}
