using Azure.Data.Tables;
using Docket.Storage.Connection;

namespace Docket.Storage;

/// <summary>Docket's tables. Created on first use, once per process.</summary>
public sealed class DocketTables
{
    public const string UsersTable = "Users";
    public const string ApiKeysTable = "ApiKeys";
    public const string ProjectsTable = "Projects";
    public const string MembersTable = "Members";
    public const string TasksTable = "Tasks";
    public const string QueuesTable = "Queues";
    public const string UploadsTable = "Uploads";
    public const string JobsTable = "Jobs";
    public const string WebhooksTable = "Webhooks";
    public const string WebhookDeliveriesTable = "WebhookDeliveries";

    readonly CreatedOnce creation;

    public DocketTables(StorageAccount account)
    {
        Users = account.Tables.GetTableClient(UsersTable);
        ApiKeys = account.Tables.GetTableClient(ApiKeysTable);
        Projects = account.Tables.GetTableClient(ProjectsTable);
        Members = account.Tables.GetTableClient(MembersTable);
        Tasks = account.Tables.GetTableClient(TasksTable);
        Queues = account.Tables.GetTableClient(QueuesTable);
        Uploads = account.Tables.GetTableClient(UploadsTable);
        Jobs = account.Tables.GetTableClient(JobsTable);
        Webhooks = account.Tables.GetTableClient(WebhooksTable);
        WebhookDeliveries = account.Tables.GetTableClient(WebhookDeliveriesTable);
        TableClient[] all = [Users, ApiKeys, Projects, Members, Tasks, Queues, Uploads, Jobs, Webhooks,
            WebhookDeliveries];
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

    /// <summary>Webhooks and the dispatcher's progress for each, per project; see WebhookStore.</summary>
    public TableClient Webhooks { get; }

    /// <summary>Each webhook's deliveries and the retries due; see WebhookDeliveryStore.</summary>
    public TableClient WebhookDeliveries { get; }

    public ValueTask EnsureCreatedAsync(CancellationToken cancellationToken) => creation.EnsureAsync(cancellationToken);
}
