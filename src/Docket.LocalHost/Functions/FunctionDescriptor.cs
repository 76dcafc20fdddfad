using System.Reflection;

namespace Docket.LocalHost.Functions;

/// <summary>One function found by reflection: its name, method, and the trigger attribute on one parameter.</summary>
public sealed record FunctionDescriptor(string Name, MethodInfo Method, ParameterInfo TriggerParameter,
    Attribute Trigger)
{
    public Type FunctionClass => Method.DeclaringType!;
}
