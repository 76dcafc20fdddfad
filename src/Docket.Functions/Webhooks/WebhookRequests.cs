using Docket.Application.Webhooks;
using Docket.Domain.Webhooks;
using Api = Docket.Contracts;

namespace Docket.Functions.Webhooks;

/// <summary>The bodies of the webhook routes, read with every problem noted on the reader with its field.</summary>
public static class WebhookRequests
{
    public static NewWebhook Create(FieldReader fields)
    {
        var url = Url(fields, required: true);
        var events = Events(fields, required: true);
        var description = fields.String("description", maxLength: Webhook.MaxDescriptionLength);
        return new NewWebhook(url ?? "", events ?? [], description);
    }

    public static WebhookChange Update(FieldReader fields)
    {
        var url = fields.Has("url") ? Url(fields, required: true) : null;
        var events = Events(fields, required: false);
        var description = fields.String("description", maxLength: Webhook.MaxDescriptionLength);
        var status = fields.Enum<Api.WebhookState>("status");
        return new WebhookChange(url, events, description, status switch
        {
            Api.WebhookState.Enabled => WebhookStatus.Enabled,
            Api.WebhookState.Disabled => WebhookStatus.Disabled,
            _ => null,
        });
    }

    /// <summary>The URL's shape (where it may lead is the deployment's to say, after the body is read).</summary>
    static string? Url(FieldReader fields, bool required)
    {
        var url = fields.String("url", required, maxLength: Webhook.MaxUrlLength);
        if (url is { Length: > 0 } && WebhookTargets.Problem(url, allowInsecure: true) is { } problem)
            fields.Fail("url", problem);
        return url;
    }

    static IReadOnlyList<string>? Events(FieldReader fields, bool required)
    {
        if (!fields.Has("events"))
        {
            if (required) fields.Fail("events", "is required");
            return null;
        }
        var events = fields.StringList("events", maxCount: 50);
        if (events is null)
        {
            if (required) fields.Fail("events", "is required");
            return null;
        }
        foreach (var problem in Webhook.EventListProblems(events)) fields.Fail("events", problem);
        return events;
    }
}
