using Azure.Data.Tables;
using Docket.Application.Ports;

namespace Docket.Storage.Connection;

/// <summary>
/// Asks storage one point read of a row that need not exist: a data-plane operation the deployment's data roles
/// allow (service properties need more than a data role).
/// </summary>
public sealed class StorageHealth(DocketTables tables) : IStorageHealth
{
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Projects.GetEntityIfExistsAsync<TableEntity>("health", "probe", select: ["RowKey"],
            cancellationToken: cancellationToken);
    }
}
