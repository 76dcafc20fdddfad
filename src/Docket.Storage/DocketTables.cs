using Azure.Data.Tables;
using Docket.Storage.Connection;

namespace Docket.Storage;

/// <summary>Docket's tables. Created on first use, once per process.</summary>
public sealed class DocketTables
{
    readonly CreatedOnce creation;

    public DocketTables(StorageAccount account)
    {
        Users = account.Tables.GetTableClient("Users");
        ApiKeys = account.Tables.GetTableClient("ApiKeys");
        Projects = account.Tables.GetTableClient("Projects");
        Members = account.Tables.GetTableClient("Members");
        Tasks = account.Tables.GetTableClient("Tasks");
        Queues = account.Tables.GetTableClient("Queues");
        Uploads = account.Tables.GetTableClient("Uploads");
        Jobs = account.Tables.GetTableClient("Jobs");
        TableClient[] all = [Users, ApiKeys, Projects, Members, Tasks, Queues, Uploads, Jobs];
        creation = new CreatedOnce(ct => Task.WhenAll(all.Select(t => t.CreateIfNotExistsAsync(ct))));
    }

    public TableClient Users { get; }
    public TableClient ApiKeys { get; }
    public TableClient Projects { get; }
    public TableClient Members { get; }

    /// <summary>Tasks with their pool rows and events, sharded per project; see TaskKeys.</summary>
    public TableClient Tasks { get; }

    /// <summary>Per-person queue index rows; the task row is the truth they are checked against.</summary>
    public TableClient Queues { get; }

    public TableClient Uploads { get; }

    /// <summary>Long-running work on a project (a reindex), one row per kind of work.</summary>
    public TableClient Jobs { get; }

    public ValueTask EnsureCreatedAsync(CancellationToken cancellationToken) => creation.EnsureAsync(cancellationToken);
}
