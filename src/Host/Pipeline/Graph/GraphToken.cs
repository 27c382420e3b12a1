namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// One word of a description. <see cref="Name"/> is the device, label or property key; <see cref="Value"/>
/// the stage or the property's value; columns count from 1.
/// </summary>
internal sealed record GraphToken(GraphTokenKind Kind, int Column, string Name = "", string Value = "", int ValueColumn = 0);
