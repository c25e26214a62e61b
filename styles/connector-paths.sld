<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>connector-paths</Name>
    <UserStyle>
      <Name>connector-paths</Name>
      <Title>连通路径与缺口 Connector paths and gaps</Title>
      <FeatureTypeStyle>
        <Rule><Name>network</Name><Title>低等级路网路径 network path</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>kind</ogc:PropertyName><ogc:Literal>network</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#f9a825</CssParameter><CssParameter name="stroke-width">2</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>gap</Name><Title>待建缺口 gap to close</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>kind</ogc:PropertyName><ogc:Literal>gap</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><LineSymbolizer><Stroke><CssParameter name="stroke">#d73027</CssParameter><CssParameter name="stroke-width">2</CssParameter><CssParameter name="stroke-dasharray">6 4</CssParameter></Stroke></LineSymbolizer></Rule>
        <Rule><Name>other</Name><Title>其他 other</Title><ElseFilter/><LineSymbolizer><Stroke><CssParameter name="stroke">#9e9e9e</CssParameter><CssParameter name="stroke-width">2</CssParameter></Stroke></LineSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
