using System.Reflection;

namespace Docket.Functions.Authorization;

/// <summary>
/// What each HTTP function declares about its callers (<see cref="AnonymousAttribute"/>,
/// <see cref="RequiresOrgAdminAttribute"/>, <see cref="RequiresProjectAttribute"/>, …), found once by function name
/// from the [Function] methods of this assembly, so filters enforce it before the function runs.
/// </summary>
public sealed class HttpFunctionDeclarations
{
    readonly Dictionary<string, MethodInfo> functions = typeof(HttpFunctionDeclarations).Assembly.GetExportedTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Select(method => (Method: method, Function: method.GetCustomAttribute<FunctionAttribute>()))
        .Where(found => found.Function is not null)
        .ToDictionary(found => found.Function!.Name, found => found.Method, StringComparer.Ordinal);

    /// <summary>
    /// The declaration of type <typeparamref name="T"/> on the function, or null (also for functions of other
    /// assemblies).
    /// </summary>
    public T? Of<T>(string functionName) where T : Attribute =>
        functions.TryGetValue(functionName, out var method) ? method.GetCustomAttribute<T>() : null;
}
