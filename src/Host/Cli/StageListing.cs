using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// What one registered stage declares, read once from an instance that is never configured, for
/// <c>pdmabuf plugins</c> and <c>pdmabuf inspect</c>; or, in <see cref="Error"/>, why it could not be read
/// (its constructor or a declaration threw, or the declarations cannot work in a pipeline).
/// </summary>
internal sealed record StageListing
{
    public required PluginRecord Plugin { get; init; }

    /// <summary>The stage type's full name.</summary>
    public required string TypeName { get; init; }

    /// <summary><c>device:name</c>; <c>null</c> when the stage could not be created.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>The stage's device as its plugin registered it (with its roles); <c>null</c> when unknown or not the plugin's.</summary>
    public DeviceRegistration? Device { get; init; }

    public string? DeviceName { get; init; }

    public string Description { get; init; } = "";

    public StagePort? Input { get; init; }

    public StagePort? Output { get; init; }

    public IReadOnlyList<StageProperty> Properties { get; init; } = [];

    public IReadOnlyList<StageValue> Values { get; init; } = [];

    /// <summary>Whether the stage brings its own exporter for its output's buffers (<see cref="PipelineStage.OutputExporter"/> is set).</summary>
    public bool OwnExporter { get; init; }

    /// <summary>Why the stage cannot be used, as one line; <c>null</c> when it can.</summary>
    public string? Error { get; init; }

    /// <summary><c>source</c>, <c>transform</c> or <c>sink</c>; <c>null</c> for a stage with an <see cref="Error"/>.</summary>
    public string? Kind => Error is not null ? null : (Input, Output) switch
    {
        (null, not null) => "source",
        (not null, not null) => "transform",
        _ => "sink",
    };

    /// <summary>How listings name the stage: its id, or its type when it could not be created.</summary>
    public string Label => Id ?? TypeName;
}
