using System.Reflection;
using Docket.Application;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Layers;

/// <summary>
/// The layers' rule: Application owns its ports and knows nothing of storage; Docket.Storage implements them. A use
/// case that reached for a table, an ETag or an Azure exception would break this test before it broke a reader.
/// </summary>
public sealed class DependencyTests
{
    static readonly Assembly Application = typeof(DocketApplication).Assembly;

    [Fact]
    public void Application_references_neither_Docket_Storage_nor_any_Azure_assembly()
    {
        var references = Application.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain("Docket.Storage", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Azure", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Memory.Data", references); // BinaryData, Azure.Core's
    }

    [Fact]
    public void No_Application_type_shows_an_Azure_type_in_what_it_exposes()
    {
        var exposed = Application.GetTypes()
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                                | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(member => TypesOf(member).Select(t => (Member: $"{type.FullName}.{member.Name}", Type: t))))
            .Where(m => IsAzure(m.Type))
            .Select(m => $"{m.Member}: {m.Type.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(exposed);
    }

    /// <summary>Functions are edges: contract in, one Application call, outcome out; only the composition root wires
    /// storage in.</summary>
    [Fact]
    public void No_Functions_type_but_the_composition_root_uses_a_Docket_Storage_type()
    {
        var compositionRoot = typeof(DocketServiceCollectionExtensions);
        var exposed = compositionRoot.Assembly.GetTypes()
            .Where(type => type != compositionRoot)
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                                | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(member => TypesOf(member).Select(t => (Member: $"{type.FullName}.{member.Name}", Type: t))))
            .Where(m => IsOf(m.Type, "Docket.Storage"))
            .Select(m => $"{m.Member}: {m.Type.FullName}")
            .Distinct()
            .ToList();
        var sources = Directory.GetFiles(Path.Combine(TestStorage.RepositoryRoot, "src", "Docket.Functions"), "*.cs",
                SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                           && Path.GetFileName(file) != $"{compositionRoot.Name}.cs")
            .Where(file => File.ReadAllText(file).Contains("Docket.Storage", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(TestStorage.RepositoryRoot, file))
            .ToList();

        Assert.Empty(exposed);
        Assert.Empty(sources);
    }

    /// <summary>
    /// Functions call Application services, never the ports those services use; the one exception is the filter that
    /// turns a storage outage into a 503, which must ask storage's port what a failure means.
    /// </summary>
    [Fact]
    public void Functions_inject_Application_services_not_the_ports_behind_them()
    {
        var ports = typeof(DocketApplication).Namespace + ".Ports";
        var injected = typeof(DocketServiceCollectionExtensions).Assembly.GetTypes()
            .Where(type => type != typeof(Docket.Functions.Http.StorageOutageFilter))
            .SelectMany(type => type.GetConstructors().SelectMany(c => c.GetParameters())
                .Where(p => IsOf(p.ParameterType, ports))
                .Select(p => $"{type.FullName}({p.ParameterType.Name} {p.Name})"))
            .ToList();

        Assert.Empty(injected);
    }

    static IEnumerable<Type> TypesOf(MemberInfo member) => member switch
    {
        MethodInfo method => [method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType)],
        ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
        PropertyInfo property => [property.PropertyType],
        FieldInfo field => [field.FieldType],
        EventInfo e => [e.EventHandlerType!],
        _ => [],
    };

    static bool IsAzure(Type type) =>
        IsOf(type, "Azure") || IsOf(type, "Docket.Storage") || IsOf(type, typeof(BinaryData).FullName!);

    static bool IsOf(Type type, string namespacePrefix)
    {
        if (type.HasElementType) return IsOf(type.GetElementType()!, namespacePrefix);
        if (type.IsGenericType && type.GetGenericArguments().Any(t => IsOf(t, namespacePrefix))) return true;
        return (type.FullName ?? type.Name).StartsWith(namespacePrefix, StringComparison.Ordinal);
    }
}
