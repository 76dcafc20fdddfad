using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Docket.Application.Upload;
using Docket.Domain.Items;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;
using Docket.Storage.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// Two hosts sweeping every second on an Azurite of their own (the shared host would take their chunk messages, and
/// their sweeps would judge other tests' uploads), with small uploads going through chunks: files over 20 entries,
/// 10 a chunk; a chunk not sent or attempted for 4 s is stale, and an upload fails after 3 attempts at a chunk.
/// Tests build upload states a crash or a bad chunk leaves through the hosts' own <see cref="UploadStore"/>.
/// </summary>
public sealed class SweepWorld : IAsyncLifetime
{
    public const int MaxChunkAttempts = 3;
    public const int ChunkSize = 10;
    public static readonly TimeSpan StaleUploadAge = TimeSpan.FromSeconds(4);
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    AzuriteProcess? azurite;

    public RunningHost First { get; private set; } = null!;
    public RunningHost Second { get; private set; } = null!;

    /// <summary>The chunk messages both hosts sent.</summary>
    public ChunkMessageLog Sent { get; } = new();

    public string ConnectionString => azurite!.ConnectionString;
    public UploadStore Uploads => First.Services.GetRequiredService<UploadStore>();

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        var settings = new Dictionary<string, string?>
        {
            ["Docket:SweepSchedule"] = "*/1 * * * * *",
            ["Docket:Ingestion:StaleUploadAge"] = StaleUploadAge.ToString(),
            ["Docket:Ingestion:MaxChunkAttempts"] = MaxChunkAttempts.ToString(),
            ["Docket:Ingestion:LargeFileEntries"] = "20",
            ["Docket:Ingestion:ChunkSize"] = ChunkSize.ToString(),
        };
        First = await DocketHost.StartAsync(settings, azurite.ConnectionString,
            services => services.AddSingleton(Sent.AsStoragePolicy()), queueAndBlobTriggers: true);
        Second = await DocketHost.StartAsync(settings, azurite.ConnectionString,
            services => services.AddSingleton(Sent.AsStoragePolicy()), queueAndBlobTriggers: true);
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await azurite!.DisposeAsync();
    }

    /// <summary>A chunk blob as the upload pipeline writes it: <see cref="ChunkSize"/> entries named from the chunk.
    /// </summary>
    public static BinaryData Chunk(string prefix, int chunk) => BinaryData.FromObjectAsJson(
        Enumerable.Range(chunk * ChunkSize, ChunkSize).Select(i => ChunkEntry.From(new ItemsFileEntry(i,
            $"{prefix}-{i:D3}", """[{"items":"s3://x"}]""", new Dictionary<string, string>(), null,
            new Dictionary<string, string>(), null))).ToList(),
        Json);

    /// <summary>Stores the chunk blobs and the record of an upload that has been ingesting since an hour ago.</summary>
    /// <param name="sentAt">When each chunk's message was sent; null for an upload whose chunk rows were never
    /// written.</param>
    public async Task<string> SaveUploadAsync(string projectId, IReadOnlyList<BinaryData> chunks,
        DateTimeOffset? sentAt, string? reportBlob = null)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            await Uploads.WriteBlobAsync(UploadStore.UploadsContainer, UploadStore.ChunkBlob(uploadId, chunk),
                chunks[chunk], CancellationToken.None);
        }
        var upload = new UploadRecord(uploadId, projectId, UploadStatus.Ingesting, chunks.Count * ChunkSize,
            chunks.Count, DocketHost.AdminEmail, DateTimeOffset.UtcNow.AddHours(-1), null, reportBlob, []);
        var rows = sentAt is { } at
            ? Enumerable.Range(0, chunks.Count).Select(c => new UploadChunk(c) { SentAt = at })
            : [];
        Assert.True(await Uploads.TryCreateAsync(upload, rows, CancellationToken.None));
        return uploadId;
    }

    /// <summary>Sends a chunk's message as the pipeline does, visible after <paramref name="delay"/>.</summary>
    public async Task SendChunkAsync(string uploadId, int chunk, TimeSpan delay)
    {
        var queue = new QueueClient(ConnectionString, "upload-chunks",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(new UploadChunkMessage(uploadId, chunk), Json), delay,
            StaleUploadAge);
    }

    /// <summary>Whether an upload's chunk blobs and chunk rows are all gone.</summary>
    public async Task<bool> ChunksGoneAsync(string uploadId)
    {
        await foreach (var _ in Uploads.Container(UploadStore.UploadsContainer)
                           .GetBlobsAsync(BlobTraits.None, BlobStates.None, uploadId + "/", CancellationToken.None))
            return false;
        return (await Uploads.ReadChunksAsync(uploadId, CancellationToken.None)).Count == 0;
    }
}
