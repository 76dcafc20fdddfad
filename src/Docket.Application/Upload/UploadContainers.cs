namespace Docket.Application.Upload;

/// <summary>Where files of uploads live: the blob containers pipelines and Docket write to.</summary>
public static class UploadContainers
{
    /// <summary>Large uploads' chunks, while they are ingested.</summary>
    public const string Uploads = "uploads";

    /// <summary>Items files dropped by pipelines, as "{projectId}/{path}".</summary>
    public const string Drops = "items-drops";

    /// <summary>The report of each drop, under the drop's own name.</summary>
    public const string Results = "items-results";
}
