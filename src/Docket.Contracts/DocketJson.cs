using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Docket.Contracts;

/// <summary>
/// The API's JSON, one set of options for the server, the client and the CLI: camelCase, enums by name, nulls
/// written (a field that is absent when empty says so on its property), serializers generated at compile time.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Me))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(PutUserRequest))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(IssuedApiKey))]
[JsonSerializable(typeof(IReadOnlyList<UserInfo>))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyInfo>))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(Project))]
[JsonSerializable(typeof(IReadOnlyList<Project>))]
[JsonSerializable(typeof(CreateProjectRequest))]
[JsonSerializable(typeof(UpdateProjectRequest))]
[JsonSerializable(typeof(UpdateStageRequest))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(IReadOnlyList<Member>))]
[JsonSerializable(typeof(PutMemberRequest))]
[JsonSerializable(typeof(DocketTask))]
[JsonSerializable(typeof(IReadOnlyList<TaskEvent>))]
[JsonSerializable(typeof(TaskPage))]
[JsonSerializable(typeof(QueuePage))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(IReadOnlyList<AssignOutcome>))]
[JsonSerializable(typeof(PriorityRequest))]
[JsonSerializable(typeof(IReadOnlyList<PriorityOutcome>))]
[JsonSerializable(typeof(MoveRequest))]
[JsonSerializable(typeof(IReadOnlyList<MoveOutcome>))]
[JsonSerializable(typeof(FinalizeRequest))]
[JsonSerializable(typeof(IssueRequest))]
[JsonSerializable(typeof(ResolveRequest))]
[JsonSerializable(typeof(IReadOnlyList<ItemsEntry>))]
[JsonSerializable(typeof(UploadDone))]
[JsonSerializable(typeof(UploadAccepted))]
[JsonSerializable(typeof(UploadStatus))]
[JsonSerializable(typeof(UploadPage))]
[JsonSerializable(typeof(RebalanceReport))]
[JsonSerializable(typeof(ProjectStats))]
[JsonSerializable(typeof(ReindexRun))]
[JsonSerializable(typeof(ProjectCheck))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(DocketEvent))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(IReadOnlyList<Webhook>))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(WebhookDeliveryPage))]
[JsonSerializable(typeof(WebhookPingEvent))]
[JsonSerializable(typeof(IReadOnlyList<QueueInfo>))]
[JsonSerializable(typeof(PendingMovePage))]
[JsonSerializable(typeof(IReadOnlyList<PoisonMessage>))]
[JsonSerializable(typeof(PoisonOutcome))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(List<FieldError>))]
public sealed partial class DocketJsonContext : JsonSerializerContext;

public static class DocketJson
{
    /// <summary>
    /// The options every Docket body is read and written with: the contracts through their generated serializers,
    /// anything else (a program's own records, printed by the CLI) by reflection.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Numbers are numbers: the API never sends them as strings and does not take them so.
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DocketJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}
