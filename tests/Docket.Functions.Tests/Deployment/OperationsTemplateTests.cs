using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Application.Telemetry;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace Docket.Functions.Tests.Deployment;

/// <summary>
/// The operator's side of the Bicep: the workbook, the alert rules and the availability test compile with the
/// rest and read metrics the app really records; azure.yaml names what azd needs and what exists.
/// </summary>
public sealed partial class OperationsTemplateTests
{
    static readonly Lazy<JsonNode> Template = new(() =>
    {
        var build = BicepCli.Build(Path.Combine(TestStorage.RepositoryRoot, "infra", "main.bicep"));
        Assert.True(build.ExitCode == 0 && build.ErrorsAndWarnings.Count == 0, build.Diagnostics);
        return JsonNode.Parse(build.Template)!;
    });

    [GeneratedRegex(@"docket\.[a-z_]+(?:\.[a-z_]+)*")]
    private static partial Regex MetricName();

    /// <summary>The template's variable of that name wherever it is (a module's variables).</summary>
    static JsonArray Variable(string name) => Nodes(Template.Value)
        .OfType<JsonObject>().Select(o => o["variables"]?[name]).OfType<JsonArray>().Single();

    static IEnumerable<JsonNode> Nodes(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).SelectMany(Nodes).Prepend(obj),
        JsonArray array => array.SelectMany(Nodes).Prepend(array),
        null => [],
        _ => [node],
    };

    static IEnumerable<JsonObject> Resources(string type) => Nodes(Template.Value).OfType<JsonObject>()
        .Where(o => o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && o["type"]!.GetValue<string>() == type && o["properties"] is not null && o["existing"] is null);

    [Fact]
    public void The_workbook_and_the_alerts_cover_what_operators_watch_and_read_only_metrics_the_app_records()
    {
        var tiles = Variable("tiles");
        var alerts = Variable("alerts");
        var titles = tiles.Select(t => t!["title"]!.GetValue<string>()).ToList();
        foreach (var expected in new[] { "Queue and poison", "Stuck", "p50 and p95", "Claim conflicts", "5xx and 503",
                     "Webhook" })
            Assert.Contains(titles, title => title.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(["poison-messages", "stuck-moves", "server-errors", "unavailable", "webhook-disabled"],
            alerts.Select(a => a!["name"]!.GetValue<string>()));
        Assert.Single(Resources("Microsoft.Insights/workbooks"));
        Assert.Single(Resources("Microsoft.Insights/scheduledQueryRules"));
        Assert.Single(Resources("Microsoft.Insights/metricAlerts"));

        // Every metric a query reads is an instrument of meter "Docket".
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var published = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == DocketMetrics.MeterName) published.Add(instrument.Name);
            },
        };
        listener.Start();
        _ = new DocketMetrics(services.GetRequiredService<IMeterFactory>());
        var read = tiles.Concat(alerts).Select(t => t!["query"]!.GetValue<string>())
            .SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet();
        Assert.True(read.Count >= 7, string.Join(", ", read));
        Assert.Empty(read.Except(published));
    }

    [Fact]
    public void A_standard_availability_test_calls_api_health()
    {
        var test = Assert.Single(Resources("Microsoft.Insights/webtests"));
        Assert.Equal("standard", test["kind"]!.GetValue<string>());
        Assert.Contains("/api/health", test["properties"]!["Request"]!["RequestUrl"]!.GetValue<string>());
        Assert.Equal(200, test["properties"]!["ValidationRules"]!["ExpectedHttpStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_to_the_app_tagged_for_it_with_parameters_main_bicep_takes()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(TestStorage.RepositoryRoot, "azure.yaml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

        Assert.Equal("docket", Text(root, "name"));
        var infra = (YamlMappingNode)root["infra"];
        Assert.Equal("bicep", Text(infra, "provider"));
        var infraFolder = Path.Combine(TestStorage.RepositoryRoot, Text(infra, "path"));
        Assert.True(File.Exists(Path.Combine(infraFolder, Text(infra, "module") + ".bicep")));

        var services = (YamlMappingNode)root["services"];
        var (name, service) = Assert.Single(services.Children);
        var api = (YamlMappingNode)service;
        Assert.Equal(("dotnet", "function"), (Text(api, "language"), Text(api, "host")));
        var project = Path.Combine(TestStorage.RepositoryRoot, Text(api, "project"));
        Assert.Contains("<AzureFunctionsVersion>v4</AzureFunctionsVersion>",
            File.ReadAllText(Path.Combine(project, "Docket.Functions.csproj")));
        var site = Assert.Single(Resources("Microsoft.Web/sites"));
        Assert.Contains($"'azd-service-name', '{((YamlScalarNode)name).Value}'",
            site["tags"]!.GetValue<string>());

        // azd fills infra/main.parameters.json from its environment; secure parameters left out are asked for.
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(infraFolder, "main.parameters.json")))!
            ["parameters"]!.AsObject().Select(p => p.Key).ToList();
        var declared = Template.Value["parameters"]!.AsObject();
        Assert.Empty(parameters.Except(declared.Select(p => p.Key)));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key).ToList();
        Assert.All(required, parameter => Assert.True(parameters.Contains(parameter)
            || declared[parameter]!["type"]!.GetValue<string>() == "securestring", parameter));
    }
}
