using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Functions;

/// <summary>
/// Discovers functions the way the worker SDK's metadata generator does: [Function] methods with one trigger.
/// </summary>
public static class FunctionCatalog
{
    static readonly Type[] TriggerTypes =
    [
        typeof(HttpTriggerAttribute), typeof(QueueTriggerAttribute), typeof(TimerTriggerAttribute),
        typeof(BlobTriggerAttribute),
    ];

    public static IReadOnlyList<FunctionDescriptor> Discover(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null) continue;

                var triggers = method.GetParameters()
                    .SelectMany(p =>
                        p.GetCustomAttributes().Where(a => TriggerTypes.Contains(a.GetType())).Select(a => (p, a)))
                    .ToList();
                if (triggers.Count != 1)
                    throw new InvalidOperationException(
                        $"Function '{function.Name}' must have exactly one supported trigger, found {triggers.Count}.");
                functions.Add(new FunctionDescriptor(function.Name, method, triggers[0].p, triggers[0].a));
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        return functions;
    }
}
