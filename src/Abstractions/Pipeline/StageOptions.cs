namespace PluggableDmaBuf;

/// <summary>
/// The bound values of a stage's <see cref="PipelineStage.Properties"/> for one run, read typed with
/// <see cref="Get{T}"/>. The host binds them before the run starts (an unknown or invalid value is
/// refused then, naming the property); a test builds them with <see cref="Bind"/>.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed class StageOptions
{
    private readonly Dictionary<StageProperty, object> _values;

    private StageOptions(IReadOnlyList<StageProperty> properties, Dictionary<StageProperty, object> values)
    {
        Properties = properties;
        _values = values;
    }

    /// <summary>No properties and no values (a stage that declares none).</summary>
    public static StageOptions Empty { get; } = new([], []);

    /// <summary>The declared properties these options were bound against.</summary>
    public IReadOnlyList<StageProperty> Properties { get; }

    /// <summary>
    /// Binds <paramref name="values"/> (name → text) against <paramref name="properties"/>: every name
    /// must be declared, every value must parse; properties without a value take their default.
    /// </summary>
    /// <param name="properties">The stage's declared properties.</param>
    /// <param name="values">Values by property name; <c>null</c> for none.</param>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidConstraintException">An undeclared name, or a value that does not parse (<see cref="InvalidConstraintException.Property"/> is its name).</exception>
    public static StageOptions Bind(IReadOnlyList<StageProperty> properties, IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var byName = new Dictionary<string, StageProperty>(properties.Count, StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (!byName.TryAdd(property.Name, property))
            {
                throw new InvalidConstraintException(property.Name, "is declared twice");
            }
        }

        var bound = new Dictionary<StageProperty, object>();
        foreach (var (name, text) in values ?? [])
        {
            if (!byName.TryGetValue(name, out var property))
            {
                throw new InvalidConstraintException(name, properties.Count == 0
                    ? "unknown property (this stage has none)"
                    : $"unknown property (known: {string.Join(", ", properties.Select(p => p.Name))})");
            }

            bound[property] = property.ParseValue(text);
        }

        return new StageOptions([.. properties], bound);
    }

    /// <summary>The value of <paramref name="property"/>: the one bound, or its default.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="property">One of <see cref="Properties"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The property is not one these options were bound against.</exception>
    public T Get<T>(StageProperty<T> property)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(property);
        if (_values.TryGetValue(property, out var value))
        {
            return (T)value;
        }

        return Properties.Contains(property) ? property.Default
            : throw new ArgumentException($"property '{property.Name}' is not declared by this stage", nameof(property));
    }

    /// <summary>Whether <paramref name="property"/> was given a value (rather than taking its default).</summary>
    /// <param name="property">A property.</param>
    /// <returns><c>true</c> when a value was bound.</returns>
    public bool IsSet(StageProperty property) => _values.ContainsKey(property);
}
