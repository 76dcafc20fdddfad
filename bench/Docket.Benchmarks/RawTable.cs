using Azure;
using Azure.Data.Tables;

namespace Docket.Benchmarks;

/// <summary>
/// The baseline every ratio divides by: plain Azure.Data.Tables calls against the same Azurite, in a table of
/// their own. Entities are about the size of a Docket task row (a few hundred bytes of string properties).
/// </summary>
public sealed class RawTable
{
    public const int Partitions = 4;
    public const int BatchSize = 100;
    public const int ParallelBatches = 8;

    RawTable(TableClient table) => Table = table;

    public TableClient Table { get; }

    public static async Task<RawTable> CreateAsync(string connectionString, string name)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return new RawTable(table);
    }

    public static string PartitionOf(int i) => $"raw|{i % Partitions:D2}";
    public static string RowOf(int i) => $"t|{i:D8}";

    public static TableEntity Entity(int i) => new(PartitionOf(i), RowOf(i))
    {
        ["TaskId"] = $"raw{i:D17}",
        ["Name"] = $"raw-{i:D6}",
        ["Stage"] = "Label",
        ["Status"] = "Unassigned",
        ["Priority"] = (long)i * 7919 % 1_000_000_000,
        ["Version"] = 1L,
        ["CreatedAt"] = DateTimeOffset.UtcNow,
        ["Series0"] = $$$"""[{"name":"t1","items":"s3://bench-imaging/raw/{{{i:D6}}}/t1.nii.gz","metaData":{"sequence":"T1"}},{"name":"flair","items":["https://pacs.bench.example/raw/{{{i:D6}}}/flair-1.dcm","https://pacs.bench.example/raw/{{{i:D6}}}/flair-2.dcm"]}]""",
        ["MetaData"] = """{"site":"site-3","patientAge":"54"}""",
        ["CreatedBy"] = BenchHost.AdminEmail,
        ["UploadId"] = "0123456789abcdef0123456789abcdef",
    };

    /// <summary>
    /// Inserts entities 0..count-1: batch transactions of 100 in one partition each, 8 batches at a time.
    /// </summary>
    public Task InsertAsync(int count) => InsertAsync(Enumerable.Range(0, count));

    public Task InsertAsync(IEnumerable<int> ids) =>
        BatchesAsync(ids, i => new TableTransactionAction(TableTransactionActionType.Add, Entity(i)));

    /// <summary>
    /// Merges one property into each entity, in batch transactions of 100 per partition, 8 at a time.
    /// </summary>
    public Task MergeAsync(IEnumerable<int> ids, Func<int, long> priority) =>
        BatchesAsync(ids, i => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
            new TableEntity(PartitionOf(i), RowOf(i)) { ["Priority"] = priority(i) }, ETag.All));

    async Task BatchesAsync(IEnumerable<int> ids, Func<int, TableTransactionAction> action)
    {
        var batches = ids.GroupBy(i => i % Partitions).SelectMany(partition => partition.Chunk(BatchSize));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches },
            async (batch, ct) =>
            await Table.SubmitTransactionAsync(batch.Select(action), ct));
    }

    /// <summary>
    /// What a claim is at its simplest: read one entity, write it back only if nobody changed it since.
    /// </summary>
    public async Task ReadAndUpdateAsync(int i)
    {
        var entity = (await Table.GetEntityAsync<TableEntity>(PartitionOf(i), RowOf(i))).Value;
        entity["Version"] = (entity.GetInt64("Version") ?? 0) + 1;
        entity["Status"] = "Assigned";
        await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
    }
}
