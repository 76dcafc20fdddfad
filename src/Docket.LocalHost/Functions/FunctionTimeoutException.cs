namespace Docket.LocalHost.Functions;

/// <summary>An invocation outlived host.json's functionTimeout (the Functions host's exception of that name).</summary>
public sealed class FunctionTimeoutException(string functionName, TimeSpan timeout)
    : Exception($"Timeout value of {timeout} was exceeded by function '{functionName}'.")
{
    public string FunctionName { get; } = functionName;
}
