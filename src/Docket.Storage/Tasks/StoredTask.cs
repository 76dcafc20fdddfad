using Azure;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>
/// A task as read from storage: its ETag guards the next write, QueueRow names its queue index row, and Indexed
/// says its listing and counter rows exist (tasks written before they did get them with their next write, or from
/// the reindex).
/// </summary>
public sealed record StoredTask(AnnotationTask Task, ETag ETag, string? QueueRow, bool Indexed = true);
