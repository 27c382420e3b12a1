using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// One <see cref="PipelineStage"/> registration of a plugin (what <c>AddPipelineStage&lt;T&gt;</c> adds),
/// kept so that a listing can create that stage alone, through the host's services, and tell which
/// plugin it came from: one stage that cannot be created must not hide the others.
/// </summary>
internal sealed class StageRegistration
{
    private readonly ServiceDescriptor _descriptor;

    public StageRegistration(ServiceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.ServiceType != typeof(PipelineStage) || descriptor.IsKeyedService)
        {
            throw new ArgumentException("not an unkeyed PipelineStage registration", nameof(descriptor));
        }

        _descriptor = descriptor;
    }

    /// <summary>The stage's type, when the registration names one (a factory registration does not).</summary>
    public Type? StageType => _descriptor.ImplementationType ?? _descriptor.ImplementationInstance?.GetType();

    /// <summary>The stage type's full name, or how the stage was registered when there is no type to name.</summary>
    public string TypeName => StageType?.FullName ?? "a PipelineStage factory";

    /// <summary>Whether the plugin registered one shared instance, which belongs to the host's services: a listing must not dispose it.</summary>
    public bool IsSharedInstance => _descriptor.ImplementationInstance is not null;

    /// <summary>
    /// Creates the stage as the service provider would (constructor injection from <paramref name="services"/>),
    /// without configuring it. Whatever the stage's constructor or factory throws is rethrown unwrapped.
    /// </summary>
    public PipelineStage Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            var created = _descriptor.ImplementationInstance
                ?? _descriptor.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, _descriptor.ImplementationType!);
            return created as PipelineStage
                ?? throw new InvalidCastException($"the registration produced {created.GetType().FullName}, not a PipelineStage");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => TypeName;
}
