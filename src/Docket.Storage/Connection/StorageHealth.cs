using Azure;
using Azure.Data.Tables;
using Docket.Application.Ports;

namespace Docket.Storage.Connection;

/// <summary>
/// Asks storage one point read of a row that need not exist: a data-plane operation the deployment's data roles
/// allow (service properties need more than a data role), and one call even on a cold instance.
/// </summary>
public sealed class StorageHealth(DocketTables tables) : IStorageHealth
{
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.Projects.GetEntityIfExistsAsync<TableEntity>("health", "probe", select: ["RowKey"],
                cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The table is not created yet (a new account): storage answered, which is all health asks.
        }
    }
}
