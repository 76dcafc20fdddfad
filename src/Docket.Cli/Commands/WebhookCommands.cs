using System.CommandLine;
using Docket.Cli.Output;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>webhooks add|list|show|update|remove|ping|deliveries|redeliver|rotate-secret (project admins).</summary>
public static class WebhookCommands
{
    static Argument<string> WebhookId() => new("WEBHOOK") { Description = "The webhook's id (wh_…)." };

    static Option<string[]> Events(string description) => new("--event")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Create(CliEnvironment environment)
    {
        var addProject = CommonOptions.Project();
        var url = new Argument<string>("URL") { Description = "Where to POST the events." };
        var addEvents = Events("An event type to send, e.g. task.completed (repeat it; all types when none).");
        var addDescription = new Option<string?>("--description") { Description = "What the webhook is for." };
        var add = new Command("add", CommonOptions.Describe(
            "Subscribes a URL to the project's events; prints the signing secret, this once.",
            "docket webhooks add brain-mri https://ml.example.com/docket --event task.completed"))
        {
            addProject, url, addEvents, addDescription,
        };
        add.SetAction(environment, async context =>
        {
            var events = context.Get(addEvents) is { Length: > 0 } list ? list : ["*"];
            var webhook = await context.Client.CreateWebhookAsync(context.Get(addProject),
                new CreateWebhookRequest(context.Get(url), events, context.Get(addDescription)),
                context.CancellationToken);
            context.Printer.Item(webhook, Shapes.Webhook);
            context.Printer.Note("[yellow]Keep the secret: it is not shown again.[/]");
            return ExitCodes.Ok;
        });

        var listProject = CommonOptions.Project();
        var list = new Command("list", CommonOptions.Describe("The project's webhooks.",
            "docket webhooks list brain-mri")) { listProject };
        list.SetAction(environment, async context =>
        {
            context.Printer.Rows(await context.Client.ListWebhooksAsync(context.Get(listProject),
                context.CancellationToken), Shapes.Webhook);
            return ExitCodes.Ok;
        });

        var (showProject, showId) = (CommonOptions.Project(), WebhookId());
        var show = new Command("show", CommonOptions.Describe("One webhook.",
            "docket webhooks show brain-mri wh_3f9c…")) { showProject, showId };
        show.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.GetWebhookAsync(context.Get(showProject), context.Get(showId),
                context.CancellationToken), Shapes.Webhook);
            return ExitCodes.Ok;
        });

        var (updateProject, updateId) = (CommonOptions.Project(), WebhookId());
        var newUrl = new Option<string?>("--url") { Description = "A new URL." };
        var updateEvents = Events("The event types to send from now on (repeat it; * for all).");
        var updateDescription = new Option<string?>("--description") { Description = "A new description." };
        var enable = new Option<bool>("--enable") { Description = "Send events again (from now on)." };
        var disable = new Option<bool>("--disable") { Description = "Stop sending events." };
        var update = new Command("update", CommonOptions.Describe("Changes a webhook.",
            "docket webhooks update brain-mri wh_3f9c… --disable",
            "docket webhooks update brain-mri wh_3f9c… --event task.completed --event task.entered_stage"))
        {
            updateProject, updateId, newUrl, updateEvents, updateDescription, enable, disable,
        };
        update.SetAction(environment, async context =>
        {
            if (context.Get(enable) && context.Get(disable))
                throw new InvalidInputException("Give --enable or --disable, not both.");
            var webhook = await context.Client.UpdateWebhookAsync(context.Get(updateProject), context.Get(updateId),
                new UpdateWebhookRequest
                {
                    Url = context.Get(newUrl),
                    Events = context.Get(updateEvents) is { Length: > 0 } events ? events : null,
                    Description = context.Get(updateDescription),
                    Status = context.Get(enable) ? WebhookState.Enabled
                        : context.Get(disable) ? WebhookState.Disabled : null,
                }, context.CancellationToken);
            context.Printer.Item(webhook, Shapes.Webhook);
            return ExitCodes.Ok;
        });

        var (removeProject, removeId) = (CommonOptions.Project(), WebhookId());
        var remove = new Command("remove", CommonOptions.Describe("Removes a webhook and its delivery log.",
            "docket webhooks remove brain-mri wh_3f9c…")) { removeProject, removeId };
        remove.SetAction(environment, async context =>
        {
            await context.Client.RemoveWebhookAsync(context.Get(removeProject), context.Get(removeId),
                context.CancellationToken);
            context.Printer.Note("Removed.");
            if (context.Printer.Format == OutputFormat.Json)
                context.Printer.WriteJson(new { removed = context.Get(removeId) });
            return ExitCodes.Ok;
        });

        var (pingProject, pingId) = (CommonOptions.Project(), WebhookId());
        var ping = new Command("ping", CommonOptions.Describe("Sends webhook.ping now and shows what came back.",
            "docket webhooks ping brain-mri wh_3f9c…")) { pingProject, pingId };
        ping.SetAction(environment, async context =>
        {
            var delivery = await context.Client.PingWebhookAsync(context.Get(pingProject), context.Get(pingId),
                context.CancellationToken);
            context.Printer.Item(delivery, Shapes.Delivery);
            return delivery.Status == "Succeeded" ? ExitCodes.Ok : ExitCodes.Failure;
        });

        var (deliveriesProject, deliveriesId) = (CommonOptions.Project(), WebhookId());
        var limit = new Option<int?>("--limit") { Description = "Deliveries to show (1-100, newest first)." };
        var deliveries = new Command("deliveries", CommonOptions.Describe(
            "The webhook's deliveries, newest event first: status, attempts, last error, next attempt.",
            "docket webhooks deliveries brain-mri wh_3f9c… --limit 20")) { deliveriesProject, deliveriesId, limit };
        deliveries.SetAction(environment, async context =>
        {
            var page = await context.Client.GetWebhookDeliveriesAsync(context.Get(deliveriesProject),
                context.Get(deliveriesId), limit: context.Get(limit), cancellationToken: context.CancellationToken);
            context.Printer.Rows(page.Deliveries, Shapes.Delivery, page);
            return ExitCodes.Ok;
        });

        var (redeliverProject, redeliverId) = (CommonOptions.Project(), WebhookId());
        var deliveryId = new Argument<string>("DELIVERY") { Description = "A delivery's id, from 'deliveries'." };
        var redeliver = new Command("redeliver", CommonOptions.Describe(
            "Sends a delivery again now, with the same webhook-id and body.",
            "docket webhooks redeliver brain-mri wh_3f9c… 7986541231231231231-m3z2xq7kd4c5b6n7p8r9.4.0"))
        {
            redeliverProject, redeliverId, deliveryId,
        };
        redeliver.SetAction(environment, async context =>
        {
            var delivery = await context.Client.RedeliverWebhookDeliveryAsync(context.Get(redeliverProject),
                context.Get(redeliverId), context.Get(deliveryId), context.CancellationToken);
            context.Printer.Item(delivery, Shapes.Delivery);
            return delivery.Status == "Succeeded" ? ExitCodes.Ok : ExitCodes.Failure;
        });

        var (rotateProject, rotateId) = (CommonOptions.Project(), WebhookId());
        var rotate = new Command("rotate-secret", CommonOptions.Describe(
            "A new signing secret, printed this once; the old one keeps signing beside it for 24 hours.",
            "docket webhooks rotate-secret brain-mri wh_3f9c…")) { rotateProject, rotateId };
        rotate.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.RotateWebhookSecretAsync(context.Get(rotateProject),
                context.Get(rotateId), context.CancellationToken), Shapes.Webhook);
            return ExitCodes.Ok;
        });

        return new Command("webhooks", "Send a project's events to URLs (project admins).")
        {
            add, list, show, update, remove, ping, deliveries, redeliver, rotate,
        };
    }
}
