using Docket.Application.Upload;
using Api = Docket.Contracts;

namespace Docket.Functions.Upload;

/// <summary>An upload as the API shows it.</summary>
public static class UploadResponses
{
    public static Api.UploadStatus From(UploadView upload) => new(upload.UploadId, upload.Status, upload.Total,
        upload.Created, upload.Existing, upload.Chunks, upload.ChunksDone, upload.CreatedAt, upload.CompletedAt,
        upload.Errors.Select(e => new Api.FieldError(e.Field, e.Message, e.Index, e.Name)).ToList(), upload.Failure);
}
