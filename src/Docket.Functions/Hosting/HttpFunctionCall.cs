namespace Docket.Functions.Hosting;

/// <summary>One invocation of an HTTP function: the request, the function's name and its route parameters.</summary>
public sealed record HttpFunctionCall(HttpContext HttpContext, string FunctionName,
    IReadOnlyDictionary<string, string?> RouteValues)
{
    public string? RouteValue(string name) => RouteValues.GetValueOrDefault(name);
}
