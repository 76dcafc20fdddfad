using Docket.Application.Configuration;
using Docket.Application.Webhooks;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Webhooks;

/// <summary>Project admins' webhooks, and the timer that delivers events to them.</summary>
public sealed class WebhookFunctions(WebhookService webhooks, WebhookDispatcher dispatcher)
{
    const int DefaultDeliveriesPerPage = 50;

    /// <summary>Delivers what each webhook has not been sent yet and retries what is due.</summary>
    [Function(nameof(DispatchWebhooks))]
    public Task DispatchWebhooks(
        [TimerTrigger("%" + DocketSettings.WebhookDispatchSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        dispatcher.RunAsync(cancellationToken);

    [Operation("Webhooks", "Subscribe a URL to the project's events.", Body = typeof(Api.CreateWebhookRequest))]
    [Answers(201, "Created; `secret` is shown this once.", Body = typeof(Api.Webhook))]
    [Function(nameof(CreateWebhook))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> CreateWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/webhooks")]
        HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var body = WebhookRequests.Create(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        var (created, problems) = await webhooks.CreateAsync(request.ProjectAccess().Project, body,
            cancellationToken);
        return created is null
            ? Problems.Validation(problems)
            : Results.Json(WebhookResponses.From(created, showSecret: true), DocketJson.Options,
                statusCode: StatusCodes.Status201Created);
    }

    [Operation("Webhooks", "The project's webhooks, oldest first (never their secrets).")]
    [Answers(200, "The webhooks.", Body = typeof(IReadOnlyList<Api.Webhook>))]
    [Function(nameof(ListWebhooks))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ListWebhooks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/webhooks")]
        HttpRequest request,
        string projectId, CancellationToken cancellationToken) =>
        Results.Json((await webhooks.ListAsync(projectId, cancellationToken))
            .Select(w => WebhookResponses.From(w)).ToList(), DocketJson.Options);

    [Operation("Webhooks", "One webhook.")]
    [Answers(200, "The webhook.", Body = typeof(Api.Webhook))]
    [Function(nameof(GetWebhook))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/webhooks/{webhookId}")]
        HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken) =>
        await webhooks.GetAsync(projectId, webhookId, cancellationToken) is { } webhook
            ? Results.Json(WebhookResponses.From(webhook), DocketJson.Options)
            : NoSuchWebhook(webhookId);

    [Operation("Webhooks", "Change a webhook's URL, events, description or status.",
        Body = typeof(Api.UpdateWebhookRequest))]
    [Answers(200, "The webhook as changed.", Body = typeof(Api.Webhook))]
    [Function(nameof(UpdateWebhook))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> UpdateWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "projects/{projectId}/webhooks/{webhookId}")]
        HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken)
    {
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var change = WebhookRequests.Update(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        var (updated, problems) = await webhooks.UpdateAsync(projectId, webhookId, change, cancellationToken);
        if (problems.Count > 0) return Problems.Validation(problems);
        return updated is null
            ? NoSuchWebhook(webhookId)
            : Results.Json(WebhookResponses.From(updated), DocketJson.Options);
    }

    [Operation("Webhooks", "Remove a webhook: nothing more is sent to it; its delivery log goes with it.")]
    [Answers(204, "Removed.")]
    [Function(nameof(RemoveWebhook))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RemoveWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "projects/{projectId}/webhooks/{webhookId}")]
        HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken) =>
        await webhooks.RemoveAsync(projectId, webhookId, cancellationToken)
            ? Results.NoContent()
            : NoSuchWebhook(webhookId);

    [Operation("Webhooks",
        "A new signing secret. For 24 hours deliveries carry a signature by the old secret beside the new one.")]
    [Answers(200, "The webhook with its new `secret`, shown this once.", Body = typeof(Api.Webhook))]
    [Function(nameof(RotateWebhookSecret))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RotateWebhookSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/webhooks/{webhookId}/rotate-secret")] HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken) =>
        await webhooks.RotateSecretAsync(projectId, webhookId, cancellationToken) is { } rotated
            ? Results.Json(WebhookResponses.From(rotated, showSecret: true), DocketJson.Options)
            : NoSuchWebhook(webhookId);

    [Operation("Webhooks", "Send `webhook.ping` to the webhook now (once, whatever its status).")]
    [Answers(200, "The ping's delivery: `Succeeded`, or `Failed` with what went wrong.",
        Body = typeof(Api.WebhookDelivery))]
    [Function(nameof(PingWebhook))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> PingWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/webhooks/{webhookId}/ping")]
        HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken)
    {
        if (await webhooks.GetAsync(projectId, webhookId, cancellationToken) is not { } webhook)
            return NoSuchWebhook(webhookId);
        var delivery = await webhooks.PingAsync(request.ProjectAccess().Project, webhook, cancellationToken);
        return Results.Json(WebhookResponses.From(delivery), DocketJson.Options);
    }

    [Operation("Webhooks", "The webhook's deliveries, newest event first.")]
    [Answers(200, "A page of deliveries.", Body = typeof(Api.WebhookDeliveryPage))]
    [QueryParameter("after", "The nextCursor of the previous page.")]
    [QueryParameter("limit", "Deliveries per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":100,"default":50}""")]
    [Function(nameof(ListWebhookDeliveries))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ListWebhookDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/webhooks/{webhookId}/deliveries")] HttpRequest request,
        string projectId, string webhookId, CancellationToken cancellationToken)
    {
        var errors = new List<Domain.Validation.ValidationError>();
        var limit = QueryLimit.Read(request, DefaultDeliveriesPerPage, WebhookService.MaxDeliveriesPerPage, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        if (await webhooks.GetAsync(projectId, webhookId, cancellationToken) is null) return NoSuchWebhook(webhookId);
        var after = request.Query["after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        if (await webhooks.DeliveriesAsync(projectId, webhookId, after, limit, cancellationToken) is not { } page)
            return Problems.Validation("after", "is not a cursor this delivery log gave");
        return Results.Json(new Api.WebhookDeliveryPage(page.Deliveries.Select(WebhookResponses.From).ToList(),
            page.NextCursor), DocketJson.Options);
    }

    [Operation("Webhooks", "Send a delivery again now, with the same `webhook-id` and body.")]
    [Answers(200, "The delivery after this attempt.", Body = typeof(Api.WebhookDelivery))]
    [Function(nameof(RedeliverWebhookDelivery))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RedeliverWebhookDelivery(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")]
        HttpRequest request,
        string projectId, string webhookId, string deliveryId, CancellationToken cancellationToken)
    {
        if (await webhooks.GetAsync(projectId, webhookId, cancellationToken) is not { } webhook)
            return NoSuchWebhook(webhookId);
        return await webhooks.RedeliverAsync(request.ProjectAccess().Project, webhook, deliveryId,
                cancellationToken) is { } delivery
            ? Results.Json(WebhookResponses.From(delivery), DocketJson.Options)
            : Problems.NotFound($"Webhook '{webhookId}' has no delivery '{deliveryId}'.");
    }

    static IResult NoSuchWebhook(string webhookId) => Problems.NotFound($"There is no webhook '{webhookId}'.");
}
