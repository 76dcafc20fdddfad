using Azure.Data.Tables;
using Docket.Storage.Connection;

namespace Docket.Storage;

/// <summary>Docket's tables. Created on first use, once per process.</summary>
public sealed class DocketTables(StorageAccount account)
{
    readonly SemaphoreSlim gate = new(1, 1);
    volatile bool created;

    public TableClient Users { get; } = account.Tables.GetTableClient("Users");
    public TableClient ApiKeys { get; } = account.Tables.GetTableClient("ApiKeys");
    public TableClient Projects { get; } = account.Tables.GetTableClient("Projects");
    public TableClient Members { get; } = account.Tables.GetTableClient("Members");

    /// <summary>Tasks with their pool rows and events, sharded per project; see TaskKeys.</summary>
    public TableClient Tasks { get; } = account.Tables.GetTableClient("Tasks");

    /// <summary>Per-person queue index rows; the task row is the truth they are checked against.</summary>
    public TableClient Queues { get; } = account.Tables.GetTableClient("Queues");

    public TableClient Uploads { get; } = account.Tables.GetTableClient("Uploads");

    IEnumerable<TableClient> All => [Users, ApiKeys, Projects, Members, Tasks, Queues, Uploads];

    public async ValueTask EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (created) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (created) return;
            await Task.WhenAll(All.Select(t => t.CreateIfNotExistsAsync(cancellationToken)));
            created = true;
        }
        finally
        {
            gate.Release();
        }
    }
}
