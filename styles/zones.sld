<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>zones</Name>
    <UserStyle>
      <Name>zones</Name>
      <Title>产业集聚区 Industrial cluster districts</Title>
      <FeatureTypeStyle>
        <Rule><Name>4</Name><Title>四星 4 stars</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>star</ogc:PropertyName><ogc:Literal>4</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#b3cde3</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>3</Name><Title>三星 3 stars</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>star</ogc:PropertyName><ogc:Literal>3</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#ccebc5</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>2</Name><Title>二星 2 stars</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>star</ogc:PropertyName><ogc:Literal>2</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#decbe4</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>1</Name><Title>一星 1 star</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>star</ogc:PropertyName><ogc:Literal>1</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#fed9a6</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>0</Name><Title>无星 0 stars</Title><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>star</ogc:PropertyName><ogc:Literal>0</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><PolygonSymbolizer><Fill><CssParameter name="fill">#eceff1</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
        <Rule><Name>other</Name><Title>未定 unknown</Title><ElseFilter/><PolygonSymbolizer><Fill><CssParameter name="fill">#eceff1</CssParameter><CssParameter name="fill-opacity">0.43</CssParameter></Fill><Stroke><CssParameter name="stroke">#37474f</CssParameter><CssParameter name="stroke-width">2.3</CssParameter></Stroke></PolygonSymbolizer></Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
