namespace Docket.Application.Upload;

/// <summary>Where a file stops being ingested inside the request and goes through the queue in chunks.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Docket:Ingestion";

    public int LargeFileEntries { get; set; } = 5_000;
    public int LargeFileBytes { get; set; } = 4 * 1024 * 1024;
    public int ChunkSize { get; set; } = 1_000;

    /// <summary>The largest body POST …/items accepts; larger files go into the items-drops container.</summary>
    public long MaxBodyBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// How long a chunk's message may wait in the queue (it expires then), and so how long after its last send or
    /// attempt an unfinished chunk is asked for again. Longer than the queue's backlog of a large upload (100,000
    /// tasks took three minutes on the benchmark machine), so that waiting chunks do not expire and wait again.
    /// </summary>
    public TimeSpan StaleUploadAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attempts at one chunk, counted over every delivery, before its upload fails: by default three sends of a message
    /// the queue delivers up to five times (host.json maxDequeueCount).
    /// </summary>
    public int MaxChunkAttempts { get; set; } = 15;

    /// <summary>How long a finished upload's record (its status, counts and failure) is kept.</summary>
    public TimeSpan UploadRetention { get; set; } = TimeSpan.FromDays(30);

    public bool IsValid() =>
        LargeFileEntries > 0 && LargeFileBytes > 0 && ChunkSize > 0 && MaxBodyBytes > 0
        && StaleUploadAge > TimeSpan.Zero && MaxChunkAttempts > 0 && UploadRetention > TimeSpan.Zero;
}
