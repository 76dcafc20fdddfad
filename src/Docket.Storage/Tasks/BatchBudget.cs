using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>The limits of one batch transaction (100 entities, 4 MiB) and how creations are split to fit them.</summary>
public static class BatchBudget
{
    public const int MaxRows = 100;

    /// <summary>Below the service's 4 MiB, leaving room for the multipart envelope.</summary>
    const long MaxBytes = 3_000_000;

    /// <summary>Splits creations into batch transactions within the service's limits: 100 rows and 4 MiB.</summary>
    public static IEnumerable<List<T>> Split<T>(IEnumerable<T> items, Func<T, int> rowsOf, Func<T, AnnotationTask> taskOf)
    {
        var batch = new List<T>();
        var rows = 0;
        long bytes = 0;
        foreach (var item in items)
        {
            var neededRows = rowsOf(item);
            var task = taskOf(item);
            // UTF-16 on the wire counts two bytes a character; 2 KiB covers keys and the small properties.
            var neededBytes = 2L * (task.SeriesJson.Length + task.Name.Length + (task.ClassificationJson?.Length ?? 0)
                                    + task.MetaData.Sum(m => m.Key.Length + m.Value.Length)) + 2048 * neededRows;
            if (batch.Count > 0 && (rows + neededRows > MaxRows || bytes + neededBytes > MaxBytes))
            {
                yield return batch;
                batch = [];
                rows = 0;
                bytes = 0;
            }
            batch.Add(item);
            rows += neededRows;
            bytes += neededBytes;
        }
        if (batch.Count > 0) yield return batch;
    }
}
