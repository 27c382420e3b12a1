namespace PluggableDmaBuf;

/// <summary>A <see cref="StageProperty"/> whose values are of type <typeparamref name="T"/>; read it with <see cref="StageOptions.Get{T}"/>.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>Created by the factory methods of <see cref="StageProperty"/>. Immutable and thread safe.</remarks>
public sealed class StageProperty<T> : StageProperty
    where T : notnull
{
    private readonly Func<string, T> _parse;
    private readonly Func<T, string> _format;

    internal StageProperty(string name, string typeName, string description, IReadOnlyList<string>? allowed, T defaultValue, string range,
        Func<string, T> parse, Func<T, string> format)
        : base(name, typeName, description, allowed)
    {
        _parse = parse;
        _format = format;
        Range = range;
        Default = defaultValue;

        // The default must pass the property's own checks, or a stage would run with a value a user could never give.
        _ = parse(format(defaultValue));
    }

    /// <summary>The value a stage gets when neither the description nor configuration sets one.</summary>
    public T Default { get; }

    /// <inheritdoc />
    public override string DefaultText => _format(Default);

    /// <inheritdoc />
    public override string Range { get; }

    /// <summary>Parses <paramref name="text"/> and checks it.</summary>
    /// <param name="text">The value as text.</param>
    /// <returns>The typed value.</returns>
    /// <exception cref="InvalidConstraintException">The value does not parse or is not allowed; the message names the property.</exception>
    public T Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _parse(text);
    }

    /// <inheritdoc />
    public override object ParseValue(string text) => Parse(text);
}
