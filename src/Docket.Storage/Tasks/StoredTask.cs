using Azure;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>A task as read from storage: its ETag guards the next write, QueueRow names its queue index row.</summary>
public sealed record StoredTask(AnnotationTask Task, ETag ETag, string? QueueRow);
