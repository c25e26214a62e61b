<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>idle-land</Name>
    <UserStyle>
      <Name>idle-land</Name>
      <Title>闲置土地疑点 Idle-land candidates</Title>
      <FeatureTypeStyle>
        <Rule><Name>fee</Name><Title>征缴闲置费 fee (1–2 years)</Title><ogc:Filter><ogc:And><ogc:PropertyIsEqualTo><ogc:PropertyName>severity</ogc:PropertyName><ogc:Literal>fee</ogc:Literal></ogc:PropertyIsEqualTo><ogc:Or><ogc:PropertyIsNull><ogc:PropertyName>excluded</ogc:PropertyName></ogc:PropertyIsNull><ogc:PropertyIsEqualTo><ogc:PropertyName>excluded</ogc:PropertyName><ogc:Literal>false</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Or></ogc:And></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#f9a825</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>reclaim</Name><Title>无偿收回 reclaim (≥ 2 years)</Title><ogc:Filter><ogc:And><ogc:PropertyIsEqualTo><ogc:PropertyName>severity</ogc:PropertyName><ogc:Literal>reclaim</ogc:Literal></ogc:PropertyIsEqualTo><ogc:Or><ogc:PropertyIsNull><ogc:PropertyName>excluded</ogc:PropertyName></ogc:PropertyIsNull><ogc:PropertyIsEqualTo><ogc:PropertyName>excluded</ogc:PropertyName><ogc:Literal>false</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Or></ogc:And></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#d73027</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>excluded</Name><Title>政府原因除外 excluded (government)</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>excluded</ogc:PropertyName><ogc:Literal>true</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#7e57c2</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>其他 other</Title><ElseFilter/><PolygonSymbolizer><Fill><CssParameter name="fill">#9e9e9e</CssParameter><CssParameter name="fill-opacity">0.82</CssParameter></Fill><Stroke><CssParameter name="stroke">#3e2723</CssParameter><CssParameter name="stroke-width">1.1</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
