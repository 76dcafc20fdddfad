using Azure.Identity;
using Docket.Storage.Connection;
using Microsoft.Extensions.Configuration;

namespace Docket.Functions.Tests.Storage;

/// <summary>Storage connections read as the Functions host reads trigger connections (no Azure needed).</summary>
public sealed class StorageConnectionTests
{
    const string DevelopmentStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
        + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    static IConfiguration Settings(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void A_connection_string_gives_clients_for_its_endpoints()
    {
        var account = StorageAccount.FromConfiguration(Settings(("Data", DevelopmentStorage)), "Data");
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.Tables.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", account.Queues.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", account.Blobs.Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void Service_uris_name_each_service_and_service_uri_serves_for_blobs()
    {
        var settings = StorageConnectionSettings.Read(Settings(
            ("Data:tableServiceUri", "https://acct.table.core.windows.net"),
            ("Data:queueServiceUri", "https://acct.queue.core.windows.net"),
            ("Data:serviceUri", "https://acct.blob.core.windows.net")), "Data");
        Assert.True(settings.IsIdentityBased);
        Assert.Equal("https://acct.table.core.windows.net/", settings.TableServiceUri!.ToString());
        Assert.Equal("https://acct.queue.core.windows.net/", settings.QueueServiceUri!.ToString());
        Assert.Equal("https://acct.blob.core.windows.net/", settings.BlobServiceUri!.ToString());

        var account = StorageAccount.FromSettings(settings);
        Assert.Equal("acct", account.Blobs.AccountName);
        Assert.Equal("acct", account.Queues.AccountName);
    }

    [Fact]
    public void An_account_name_gives_the_public_cloud_uri_of_every_service()
    {
        var settings = StorageConnectionSettings.Read(Settings(("Data:accountName", "docketdata")), "Data");
        Assert.Equal("https://docketdata.table.core.windows.net/", settings.TableServiceUri!.ToString());
        Assert.Equal("https://docketdata.queue.core.windows.net/", settings.QueueServiceUri!.ToString());
        Assert.Equal("https://docketdata.blob.core.windows.net/", settings.BlobServiceUri!.ToString());
    }

    [Fact]
    public void Credential_managedidentity_with_a_client_id_is_that_user_assigned_identity()
    {
        var settings = StorageConnectionSettings.Read(Settings(
            ("Data:accountName", "docketdata"), ("Data:credential", "managedidentity"),
            ("Data:clientId", "00000000-0000-0000-0000-00000000abcd")), "Data");
        Assert.Equal("managedidentity", settings.Credential);
        Assert.Equal("00000000-0000-0000-0000-00000000abcd", settings.ClientId);
        Assert.IsType<ManagedIdentityCredential>(StorageAccount.CreateCredential(settings));
    }

    [Fact]
    public void Without_a_credential_setting_the_default_credential_chain_is_used()
    {
        var settings = StorageConnectionSettings.Read(Settings(("Data:accountName", "docketdata")), "Data");
        Assert.IsType<DefaultAzureCredential>(StorageAccount.CreateCredential(settings));
    }

    [Fact]
    public void An_unconfigured_connection_falls_back_to_azure_web_jobs_storage()
    {
        var settings = StorageConnectionSettings.Read(
            Settings(("AzureWebJobsStorage", DevelopmentStorage)), "Docket:Storage");
        Assert.Equal(DevelopmentStorage, settings.ConnectionString);
        Assert.Equal("AzureWebJobsStorage", settings.ConnectionName);
    }

    [Fact]
    public void Identity_settings_missing_a_service_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnectionSettings.Read(Settings(
            ("Data:tableServiceUri", "https://acct.table.core.windows.net")), "Data"));
        Assert.Contains("queueServiceUri", error.Message);
    }
}
